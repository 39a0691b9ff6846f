using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SomaMemory.Contracts;
using Orleans.Streams;
using SomaMemory.Coordinates;
using SomaMemory.Embeddings;
using SomaMemory.Graph;
using SomaMemory.Grains.Namespaces;
using SomaMemory.Indexing;
using SomaMemory.Lifecycle;
using SomaMemory.Memories;
using SomaMemory.Portability;

namespace SomaMemory.Grains.Memories;

/// <summary>
/// The single writer of one memory row. It keeps the row hot while active, answers reads from memory, and
/// coalesces read counters into one write per flush interval.
/// </summary>
public sealed class MemoryNodeGrain(
    IMemoryRepository repository,
    ILinkRepository linkRepository,
    IMemoryTransferRepository transfers,
    IMemoryLifecycleRepository lifecycle,
    IEmbeddingProvider embeddings,
    TimeProvider clock,
    IOptions<MemoryNodeOptions> options,
    IOptions<IndexingOptions> indexing,
    ActiveMemoryNodes activeNodes,
    ILogger<MemoryNodeGrain> logger) : Grain, IMemoryNodeGrain
{
    private string _namespace = "";
    private Coordinate _coordinate = null!;
    private MemoryRecord? _row;
    private NamespacePolicy _policy = NamespacePolicy.Default;
    private IAsyncStream<MemoryChangeBatch>? _changes;
    private long _pendingReads;
    private DateTimeOffset _lastRead;
    private OutgoingLinks? _links;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (memoryNamespace, coordinateKey) = GrainKeys.ParseMemory(this.GetPrimaryKeyString());
        _namespace = memoryNamespace;
        _coordinate = CoordinateParser.Parse(coordinateKey);
        if (_coordinate.Key != coordinateKey)
        {
            // Two grains for one memory would break the single-writer rule, so only canonical keys may activate.
            throw new ArgumentException($"'{coordinateKey}' is not a canonical coordinate key; use '{_coordinate.Key}'.");
        }

        // Registered before the row is read: a bulk commit that finds this grain unregistered committed before the
        // read below, which therefore sees it; one that finds it registered sends a refresh.
        activeNodes.Add(this.GetPrimaryKeyString());
        try
        {
            _row = await repository.FindAsync(_namespace, _coordinate.Key, cancellationToken);
            _policy = await GrainFactory.GetGrain<IMemoryNamespaceGrain>(GrainKeys.ForNamespace(_namespace)).GetPolicyAsync();
        }
        catch
        {
            activeNodes.Remove(this.GetPrimaryKeyString());
            throw;
        }

        _changes = this.GetStreamProvider(MemoryStreams.Provider)
            .GetStream<MemoryChangeBatch>(StreamId.Create(MemoryStreams.ChangeNamespace, _namespace));

        this.RegisterGrainTimer(FlushReadsAsync, new GrainTimerCreationOptions
        {
            DueTime = options.Value.AccessFlushInterval,
            Period = options.Value.AccessFlushInterval,
            Interleave = false,
            KeepAlive = false,
        });
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await FlushReadsAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Read counters are advisory; losing one interval of them must not block deactivation.
            logger.LogWarning(exception, "Could not flush read counters of a memory in namespace {Namespace}", _namespace);
        }
        finally
        {
            activeNodes.Remove(this.GetPrimaryKeyString());
        }
    }

    public async Task RefreshAsync(long version)
    {
        if (_row is null || _row.Version < version)
        {
            _row = await repository.FindAsync(_namespace, _coordinate.Key);
        }
    }

    public async Task<MemoryRecord> StoreAsync(StoreMemoryCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        MemoryCommandValidator.Validate(command, options.Value);

        var (embedding, model) = await EmbedAsync(command);
        var now = clock.GetUtcNow();
        await FlushReadsAsync(CancellationToken.None);
        _row = await repository.UpsertAsync(StoreUpsert.Create(_namespace, _coordinate, command, _policy, embedding, model, now));
        await PublishAsync(new MemoryChange { VectorId = _row.VectorId, Version = _row.Version, Vector = embedding });
        return _row;
    }

    public Task<MemoryRecord?> GetAsync()
    {
        // Postgres keeps microseconds; reading at that precision makes the value the same before and after a flush.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        if (_row is null || !_row.IsLiveAt(now))
        {
            return Task.FromResult<MemoryRecord?>(null);
        }

        _pendingReads++;
        _lastRead = now;
        return Task.FromResult<MemoryRecord?>(_row with { AccessCount = _row.AccessCount + _pendingReads, LastAccessedAt = now });
    }

    public async Task<bool> DeleteAsync()
    {
        var now = clock.GetUtcNow();
        _pendingReads = 0;
        var deleted = await repository.SoftDeleteAsync(_namespace, _coordinate.Key, now);
        if (deleted && _row is not null)
        {
            // Mirrors the UPDATE just committed, which saves reading the row back.
            _row = _row with { DeletedAt = now, UpdatedAt = now, Version = _row.Version + 1 };
            await PublishAsync(new MemoryChange { VectorId = _row.VectorId, Version = _row.Version });
        }

        await DeleteLinksAsync();
        return deleted;
    }

    public async Task<MemoryLink> LinkAsync(LinkCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return (await UpsertLinksAsync([command]))[0];
    }

    public async Task<bool> EraseAsync()
    {
        // Reads not yet flushed belong to the memory being forgotten: they are dropped, never written.
        _pendingReads = 0;
        // Links go first, through the path that also tells the grains holding links to this memory.
        await DeleteLinksAsync();
        var erasure = await lifecycle.EraseAsync(_namespace, _coordinate.Key);
        _row = null;
        if (erasure is null)
        {
            return false;
        }

        // The delete outranks any change of this vector still on its way through the stream; should it be lost,
        // the erasure row makes the reconciler deliver it.
        await PublishAsync(new MemoryChange { VectorId = erasure.VectorId, Version = erasure.Version });
        return true;
    }

    public async Task<MemoryHistory> GetHistoryAsync(int limit) => new()
    {
        CurrentVersion = _row?.Version,
        CurrentIsLive = _row is not null && _row.IsLiveAt(clock.GetUtcNow()),
        Versions = await lifecycle.ReadHistoryAsync(_namespace, _coordinate.Key, Math.Clamp(limit, 1, 1000)),
    };

    public async Task<bool> RetireAsync(RetireCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);

        // Reads waiting for the flush may have reinforced the memory: they count before it is judged.
        await FlushReadsAsync(CancellationToken.None);
        var now = clock.GetUtcNow();
        if (_row is null || _row.Version != command.ExpectedVersion || !ImportanceReinforcement.StillRetires(_row, command, now))
        {
            return false;
        }

        // A sweep may activate thousands of nodes for one call each; a retired memory has no hot state worth keeping.
        this.DeactivateOnIdle();
        if (command.Action == PruneAction.Delete)
        {
            return await EraseAsync();
        }

        if (!await lifecycle.ArchiveAsync(_namespace, _coordinate.Key, command.ExpectedVersion, now))
        {
            return false;
        }

        _row = _row with { DeletedAt = now, UpdatedAt = now, Version = _row.Version + 1 };
        await PublishAsync(new MemoryChange { VectorId = _row.VectorId, Version = _row.Version });
        await DeleteLinksAsync();
        return true;
    }

    public async Task<ImportOutcome> ImportAsync(ImportedMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        memory = ImportedMemoryValidator.Normalise(memory, options.Value);
        if (memory.ExpiresAt is { } expiresAt && expiresAt <= clock.GetUtcNow())
        {
            return ImportOutcome.Expired;
        }

        // The repository checks this again under the row lock; checking here first skips embedding a line that
        // would not be written anyway, which is what a second import of the same file mostly is.
        if (_row is not null && _row.UpdatedAt >= memory.UpdatedAt)
        {
            return ImportOutcome.Unchanged;
        }

        (float[] Embedding, string Model) prepared = memory.Embedding is { } given
            ? (ImportedEmbedding.Prepare(given, _policy.VectorDimension), memory.EmbeddingModel ?? ClientVectors.ClientModel)
            : await EmbedAsync(new StoreMemoryCommand { PayloadJson = memory.PayloadJson });
        await FlushReadsAsync(CancellationToken.None);
        var written = await transfers.ImportAsync(new MemoryImport
        {
            Namespace = _namespace,
            CoordinateKey = _coordinate.Key,
            Coordinate = _coordinate.Values,
            Memory = memory,
            Embedding = prepared.Embedding,
            EmbeddingModel = prepared.Model,
        });
        if (written is null)
        {
            return ImportOutcome.Unchanged;
        }

        _row = written;
        await PublishAsync(new MemoryChange { VectorId = _row.VectorId, Version = _row.Version, Vector = prepared.Embedding });
        return ImportOutcome.Imported;
    }

    public async Task<int> LinkManyAsync(IReadOnlyList<LinkCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        // One row per (to, type) per statement: Postgres refuses to update a row twice in one upsert.
        var distinct = commands.GroupBy(command => (command.ToKey, command.LinkType)).Select(group => group.Last()).ToList();
        return distinct.Count == 0 ? 0 : (await UpsertLinksAsync(distinct)).Count;
    }

    public async Task<IReadOnlyList<MemoryLink>> GetLinksAsync() => (await LoadLinksAsync()).All;

    public Task ForgetLinksToAsync(string toKey)
    {
        // Not loaded yet means nothing held: the next load reads Postgres, where the links are already gone.
        _links?.RemoveTo(toKey);
        return Task.CompletedTask;
    }

    private async Task<IReadOnlyList<MemoryLink>> UpsertLinksAsync(IReadOnlyList<LinkCommand> commands)
    {
        foreach (var command in commands)
        {
            LinkCommandValidator.Validate(command);
        }

        var stored = await linkRepository.UpsertAsync(_namespace, _coordinate.Key, commands, clock.GetUtcNow());
        // Only links already held need the update. Not loaded yet means the first read loads them from Postgres,
        // where they are now committed: a bulk ingest activates a grain per source, and reading each one's (empty)
        // links before writing them cost a query per source for nothing.
        if (_links is { } held)
        {
            foreach (var link in stored)
            {
                held.Set(link);
            }
        }

        return stored;
    }

    /// <summary>
    /// Removes every link from and to this coordinate, in Postgres and in the grains that hold them. Runs on every
    /// delete, even when no memory was live: a coordinate without a memory may still have links.
    /// </summary>
    private async Task DeleteLinksAsync()
    {
        var sources = await linkRepository.DeleteTouchingAsync(_namespace, _coordinate.Key);
        _links = new OutgoingLinks([]);
        await Task.WhenAll(sources.Select(source =>
            GrainFactory.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(_namespace, source)).ForgetLinksToAsync(_coordinate.Key)));
    }

    /// <summary>Links are read on first use, so memories that are never linked cost no extra query at activation.</summary>
    private async Task<OutgoingLinks> LoadLinksAsync() =>
        _links ??= new OutgoingLinks(await linkRepository.LoadOutgoingAsync(_namespace, _coordinate.Key));

    /// <summary>The client's vector, normalised, or the grid's embedding of the memory's text.</summary>
    private async Task<(float[] Embedding, string Model)> EmbedAsync(StoreMemoryCommand command)
    {
        if (command.Vector is { } given)
        {
            return (ClientVectors.Normalise(given, _policy.VectorDimension, "vector"), command.VectorModel ?? ClientVectors.ClientModel);
        }

        if (embeddings.Dimension != _policy.VectorDimension)
        {
            throw new ArgumentException(
                $"This namespace holds vectors of {_policy.VectorDimension} dimensions but the grid's model ({embeddings.ModelId}) makes {embeddings.Dimension}; send a vector with the memory.",
                nameof(command));
        }

        var vectors = await embeddings.EmbedAsync([EmbeddingText.Select(command.Text, command.PayloadJson)]);
        return (vectors[0], embeddings.ModelId);
    }

    /// <summary>
    /// Tells the indexer after the commit. A failure here loses nothing: the row lags in Postgres until the
    /// reconciler replays it, so the store still succeeds.
    /// </summary>
    private async Task PublishAsync(MemoryChange change)
    {
        if (!indexing.Value.PublishChanges)
        {
            return;
        }

        try
        {
            await _changes!.OnNextAsync(MemoryChangeBatch.Of(change));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            logger.LogWarning(exception, "Could not publish a change in namespace {Namespace}; the reconciler will index it", _namespace);
        }
    }

    private async Task FlushReadsAsync(CancellationToken cancellationToken)
    {
        if (_pendingReads == 0 || _row is null)
        {
            return;
        }

        var reads = _pendingReads;
        if (await ReinforceAsync(reads, cancellationToken))
        {
            return;
        }

        await repository.RecordAccessAsync(_namespace, _coordinate.Key, reads, _lastRead, cancellationToken);
        _pendingReads -= reads;
        _row = _row with { AccessCount = _row.AccessCount + reads, LastAccessedAt = _lastRead };
    }

    /// <summary>
    /// The flush under a reinforcing policy: the same one write as the plain flush, which also raises the importance
    /// for the reads it carries. False when the policy does not reinforce.
    /// </summary>
    private async Task<bool> ReinforceAsync(long reads, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        if (ImportanceReinforcement.Reinforced(_row!, reads, _policy, now) is not { } importance)
        {
            return false;
        }

        await lifecycle.ReinforceAsync(_namespace, _coordinate.Key, reads, _lastRead, importance, now, cancellationToken);
        _pendingReads -= reads;
        _row = _row! with { AccessCount = _row.AccessCount + reads, LastAccessedAt = _lastRead, Importance = importance, ImportanceAt = now };
        return true;
    }
}
