using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using SomaMemory.Contracts;
using SomaMemory.Indexing;
using SomaMemory.Vectors;

namespace SomaMemory.Grains.Indexing;

/// <summary>
/// Holds one namespace's vector index. Change events from the stream are buffered and applied in batches by a
/// background applier; the index is saved periodically and only then are the applied versions stamped in Postgres, so
/// that Postgres' lag always describes what a restarted silo would be missing. Activation loads the saved file (or
/// rebuilds from Postgres) in the background and then replays whatever lags.
/// </summary>
/// <remarks>
/// The applier is a task of this activation, not a grain turn: its bookkeeping runs on the grain's scheduler between
/// awaits, and only the native inserts run on the thread pool. Deliveries therefore only enqueue and return at once.
/// When turns applied the changes, a delivery waited for the turn before it, so the stream brought one event per turn
/// and the index applied small batches while the stream's backlog grew.
/// </remarks>
[ImplicitStreamSubscription(MemoryStreams.ChangeNamespace)]
public sealed class NamespaceIndexGrain(
    IIndexingRepository repository,
    IVectorIndexFactory indexFactory,
    IOptions<IndexingOptions> options,
    TimeProvider clock,
    ILogger<NamespaceIndexGrain> logger) : Grain, INamespaceIndexGrain, IAsyncObserver<MemoryChangeBatch>
{
    /// <summary>
    /// How long a search waits for changes buffered before it (read your writes), and how long one turn of the timer
    /// reconcile reads. Under a backlog, a search answers from the index as it is rather than wait for all of it;
    /// a turn that read a whole large lag held the grain for minutes and stream deliveries behind it timed out.
    /// </summary>
    private static readonly TimeSpan ApplyBudgetPerTurn = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Changes applied at once. Larger batches insert on all cores for longer, but hold the index's write lock, which
    /// searches wait for, for longer too.
    /// </summary>
    private const int ApplyChunk = 1_000;

    /// <summary>
    /// Saves take at most a fifth of the time: the next save waits at least four times as long as the last one took.
    /// A large index takes seconds to write, and saving it every few seconds left little time to apply changes.
    /// </summary>
    private const int SaveSpacingFactor = 4;

    /// <summary>
    /// How far before a file's save time a load replays changes. Another silo may have indexed (and stamped) rows
    /// after this file was saved; replaying everything updated since shortly before the save brings them in, with
    /// room for clock skew between silos and for that silo's own indexing delay. It is also a cost: every row written
    /// in the window is applied again (at 330k memories under ingest, a 10-minute window made a load take 87 s).
    /// </summary>
    private static readonly TimeSpan ReplayAllowance = TimeSpan.FromMinutes(2);

    // A queue: a backlog of hundreds of thousands is drained a chunk at a time from its front.
    private readonly Queue<MemoryChange> _buffer = [];
    private readonly Dictionary<long, MemoryChange> _unsaved = [];

    /// <summary>
    /// The last apply started, whether the applier's, a replay's or a reconcile's. Each waits for the one before it:
    /// an apply checks versions and then inserts, so two at once could let an older version overwrite a newer one.
    /// </summary>
    private Task _lastApply = Task.CompletedTask;

    /// <summary>
    /// The version of every memory the in-memory index holds (since activation or rebuild), about 40 MB per million.
    /// A change the stream delivers twice, or that a replay reads again, is skipped without touching the graph, where
    /// re-adding a vector costs as much as adding it.
    /// </summary>
    private readonly Dictionary<long, long> _appliedVersions = [];
    private string _namespace = "";
    private string _path = "";
    private int _dimension;
    private IVectorIndex? _index;
    private Task _ready = Task.CompletedTask;
    private DateTimeOffset _lastSave;
    private TimeSpan _lastSaveDuration;

    /// <summary>The timer reconcile's pass in progress: its scope and the last vector id it read. Null between passes.</summary>
    private (ReplayScope Scope, long After)? _settledReplay;

    /// <summary>The background applier draining <see cref="_buffer"/>; completed when the buffer is empty.</summary>
    private Task _applier = Task.CompletedTask;

    /// <summary>The stamp of the last periodic save, which runs while the next changes are applied.</summary>
    private Task _stamping = Task.CompletedTask;

    private IndexingOptions Settings => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _namespace = this.GetPrimaryKeyString();
        var database = await repository.GetDatabaseIdentityAsync(cancellationToken);
        _path = Path.Combine(Path.GetFullPath(Settings.DataPath), database, _namespace + ".index");
        _dimension = (await GrainFactory.GetGrain<IMemoryNamespaceGrain>(GrainKeys.ForNamespace(_namespace)).GetPolicyAsync()).VectorDimension;
        _lastSave = clock.GetUtcNow();

        var stream = this.GetStreamProvider(MemoryStreams.Provider)
            .GetStream<MemoryChangeBatch>(StreamId.Create(MemoryStreams.ChangeNamespace, _namespace));
        await stream.SubscribeAsync(this);

        // Loading a large index takes seconds; the activation answers at once and searches wait for it.
        _ready = LoadOrRebuildAsync();
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(Settings.FlushInterval, Settings.FlushInterval) { KeepAlive = false });
        this.RegisterGrainTimer(async _ => await ReconcileSettledAsync(), new GrainTimerCreationOptions(Settings.ReconcileInterval, Settings.ReconcileInterval) { KeepAlive = false });
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await _ready;
            await DrainBufferAsync(budget: null);
            await SaveAndStampAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Nothing is lost: unstamped rows still lag in Postgres and the next activation replays them.
            logger.LogWarning(exception, "Could not save the index of namespace {Namespace} on deactivation", _namespace);
        }
        finally
        {
            _index?.Dispose();
        }
    }

    public async Task<IReadOnlyList<IndexHit>> SearchAsync(float[] query, int count)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureReadyAsync();
        if (query.Length != _dimension)
        {
            throw new ArgumentException($"The query vector has {query.Length} dimensions; this namespace holds {_dimension}.", nameof(query));
        }

        // Read your writes: a memory stored a moment ago is searchable even if its event is still buffered. Under a
        // backlog of more than one turn's worth, the search answers from the index as it is rather than wait for it all.
        await DrainBufferAsync(ApplyBudgetPerTurn);
        var matches = _index!.Search(query, count);
        return matches.Select(match => new IndexHit((long)match.Key, match.Similarity)).ToArray();
    }

    public async Task<int> ReconcileAsync()
    {
        await EnsureReadyAsync();
        await DrainBufferAsync(budget: null);
        var applied = await ReplayFromPostgresAsync(new ReplayScope(ChangedSince: null));

        // Changes the stream brought before the replay are saved and stamped too, as this method promises: an
        // erasure row, for one, goes only when its delete is stamped.
        await SaveAndStampAsync();
        return applied;
    }

    /// <summary>
    /// The timer's reconcile: only rows that have lagged for a whole interval, which no event is still bringing.
    /// Under a heavy ingest this keeps the reconciler from re-reading what the stream is delivering anyway.
    /// </summary>
    private async Task ReconcileSettledAsync()
    {
        if (!_ready.IsCompleted || _settledReplay is not null)
        {
            return;
        }

        await EnsureReadyAsync();
        StartApplier();
        if (!_applier.IsCompleted)
        {
            // A backlog of events is still being applied: the stream is alive and the lagging rows are most likely in
            // it. Replaying them from Postgres now would read every one again; the next pass looks again.
            return;
        }

        // Rows changed within two save spacings may be applied and only waiting for a save to stamp them: they are
        // not lost, and reading them back would cost a read of their embeddings each.
        var settledFor = TimeSpan.FromTicks(Math.Max(Settings.ReconcileInterval.Ticks, 2 * SaveSpacing.Ticks));
        _settledReplay = (new ReplayScope(ChangedSince: null, UpdatedBefore: clock.GetUtcNow() - settledFor), 0);
        await ContinueSettledReplayAsync();
    }

    /// <summary>
    /// A bounded part of the timer reconcile's pass, continued by the flush timer: a pass over a large lag read every
    /// row in one grain turn, and stream deliveries waiting behind it timed out.
    /// </summary>
    private async Task ContinueSettledReplayAsync()
    {
        if (_settledReplay is not { } pass)
        {
            return;
        }

        var after = pass.After;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (System.Diagnostics.Stopwatch.GetElapsedTime(started) < ApplyBudgetPerTurn)
        {
            var page = await repository.ReadChangesAsync(_namespace, after, Settings.PageSize, pass.Scope, clock.GetUtcNow());
            await ApplyAsync(page);
            if (page.Count < Settings.PageSize)
            {
                _settledReplay = null;
                return;
            }

            after = page[^1].VectorId;
        }

        _settledReplay = pass with { After = after };
    }

    /// <summary>A load that failed (Postgres down at activation, say) is tried again rather than failing every search.</summary>
    private Task EnsureReadyAsync()
    {
        if (_ready.IsFaulted)
        {
            _index?.Dispose();
            _index = null;
            _ready = LoadOrRebuildAsync();
        }

        return _ready;
    }

    public Task<IndexStatus> GetStatusAsync() => Task.FromResult(new IndexStatus
    {
        Ready = _ready.IsCompletedSuccessfully,
        Count = _ready.IsCompletedSuccessfully ? _index!.Count : 0,
        Unsaved = _unsaved.Count,
    });

    public Task OnNextAsync(MemoryChangeBatch item, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        foreach (var change in item.Changes)
        {
            _buffer.Enqueue(change);
        }

        StartApplier();
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        logger.LogWarning(ex, "The change stream of namespace {Namespace} failed; the reconciler will catch up", _namespace);
        return Task.CompletedTask;
    }

    private async Task LoadOrRebuildAsync()
    {
        // A new index holds nothing yet: every version must be applied again, whatever the last one held.
        _appliedVersions.Clear();
        try
        {
            _index = await Task.Run(() => indexFactory.Load(_path, _dimension));
            logger.LogInformation("Loaded the index of namespace {Namespace} ({Count} vectors)", _namespace, _index.Count);
            var savedAt = ReadSaveTime();
            await ReplayFromPostgresAsync(new ReplayScope(savedAt is { } time ? time - ReplayAllowance : DateTimeOffset.MinValue));
        }
        catch (VectorIndexFileException exception)
        {
            logger.LogInformation("Rebuilding the index of namespace {Namespace} from Postgres: {Reason}", _namespace, exception.Message);
            _index = indexFactory.Create(_dimension);
            await ReplayFromPostgresAsync(scope: null);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_ready.IsCompletedSuccessfully)
        {
            return;
        }

        // Changes delivered while the index was loading wait for the first tick after it is ready.
        StartApplier();
        await ContinueSettledReplayAsync();
        if (_unsaved.Count > 0 && clock.GetUtcNow() - _lastSave >= SaveSpacing)
        {
            await SaveAsync(awaitStamp: false);
        }
    }

    /// <summary>Starts the background applier if changes wait, the index is ready, and it is not running already.</summary>
    private void StartApplier()
    {
        if (_buffer.Count > 0 && _applier.IsCompleted && _ready.IsCompletedSuccessfully)
        {
            _applier = RunApplierAsync();
        }
    }

    private async Task RunApplierAsync()
    {
        while (_buffer.Count > 0)
        {
            var batch = new MemoryChange[Math.Min(ApplyChunk, _buffer.Count)];
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = _buffer.Dequeue();
            }

            try
            {
                await ApplyAsync(batch);
            }
            catch (Exception exception)
            {
                // The rows still lag in Postgres, unstamped: the reconciler replays them.
                logger.LogWarning(exception, "Could not apply {Count} changes to the index of namespace {Namespace}; the reconciler will catch up", batch.Length, _namespace);
            }
        }
    }

    /// <summary>
    /// Waits until the buffer is applied, or until <paramref name="budget"/> has passed. The applier's task is the
    /// signal: it never faults, and it completes when the buffer is empty. The callers are grain calls and the
    /// deactivation, which stream deliveries wait for, so the buffer does not grow while they wait.
    /// </summary>
    private async Task DrainBufferAsync(TimeSpan? budget)
    {
        StartApplier();
        if (budget is { } limit)
        {
            await Task.WhenAny(_applier, Task.Delay(limit));
            return;
        }

        while (!_applier.IsCompleted)
        {
            await _applier;
            StartApplier();
        }
    }

    /// <summary>Applies changes, newest version per memory only, skipping any older than one already applied.</summary>
    private Task<int> ApplyAsync(IReadOnlyList<MemoryChange> changes)
    {
        var apply = ApplyAfterAsync(_lastApply, changes);
        _lastApply = apply;
        return apply;
    }

    private async Task<int> ApplyAfterAsync(Task previous, IReadOnlyList<MemoryChange> changes)
    {
        // The previous apply's failure is its caller's to handle; this one only needs it finished.
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        return await ApplyExclusiveAsync(changes);
    }

    private async Task<int> ApplyExclusiveAsync(IReadOnlyList<MemoryChange> changes)
    {
        var newest = new Dictionary<long, MemoryChange>();
        foreach (var change in changes)
        {
            var isNewer = (!newest.TryGetValue(change.VectorId, out var seen) || seen.Version < change.Version)
                && (!_appliedVersions.TryGetValue(change.VectorId, out var applied) || applied < change.Version);
            if (isNewer)
            {
                newest[change.VectorId] = change;
            }
        }

        if (newest.Count == 0)
        {
            return 0;
        }

        var upserts = newest.Values.Where(change => change.Vector is { } vector && vector.Length == _dimension).ToArray();
        var deletes = newest.Values.Where(change => change.Vector is not { } vector || vector.Length != _dimension).Select(change => (ulong)change.VectorId).ToArray();
        var index = _index!;
        await Task.Run(() =>
        {
            // A vector of another dimension (a model change) cannot be searched here; it leaves the index instead.
            index.Delete(deletes);
            if (upserts.Length > 0)
            {
                index.Upsert(upserts.Select(change => (ulong)change.VectorId).ToArray(), upserts.Select(change => change.Vector!).ToArray());
            }
        });

        foreach (var change in newest.Values)
        {
            _unsaved[change.VectorId] = change;
            _appliedVersions[change.VectorId] = change.Version;
        }

        return newest.Count;
    }

    /// <summary>Applies rows read from Postgres: a scope replays lagging and recent rows, none replays all (a rebuild).</summary>
    private async Task<int> ReplayFromPostgresAsync(ReplayScope? scope)
    {
        var applied = 0;
        var after = 0L;
        while (true)
        {
            var page = await repository.ReadChangesAsync(_namespace, after, Settings.PageSize, scope, clock.GetUtcNow());
            applied += await ApplyAsync(page);
            if (page.Count < Settings.PageSize)
            {
                break;
            }

            after = page[^1].VectorId;
        }

        if (applied > 0)
        {
            await SaveAndStampAsync();
        }

        return applied;
    }

    private string SaveTimePath => _path + ".saved";

    /// <summary>The time between saves: the configured interval, or four times the last save's duration if longer.</summary>
    private TimeSpan SaveSpacing => TimeSpan.FromTicks(Math.Max(Settings.SaveInterval.Ticks, _lastSaveDuration.Ticks * SaveSpacingFactor));

    /// <summary>When the loaded file was saved; null when unknown, which makes the load replay every row.</summary>
    private DateTimeOffset? ReadSaveTime()
    {
        try
        {
            return DateTimeOffset.Parse(File.ReadAllText(SaveTimePath), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind);
        }
        catch (Exception exception) when (exception is IOException or FormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private Task SaveAndStampAsync() => SaveAsync(awaitStamp: true);

    /// <summary>
    /// Saves the index, then stamps the saved versions in Postgres. A periodic save does not wait for its stamp: the
    /// applier goes on meanwhile instead of the index standing idle while Postgres updates a save's worth of rows.
    /// The next save waits for it, so stamps stay in order.
    /// </summary>
    private async Task SaveAsync(bool awaitStamp)
    {
        await _stamping;

        // Nothing applied since the last save: nothing to save (and no file for a namespace that holds nothing).
        if (_index is null || _unsaved.Count == 0)
        {
            return;
        }

        // Only changes already in the index are in _unsaved (an apply records them after inserting), so the file
        // holds everything stamped; it may hold more, stamped after the next save.
        var savedAt = clock.GetUtcNow();
        var saved = _unsaved.Values.ToArray();
        _unsaved.Clear();
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            var index = _index;
            await Task.Run(() => index.Save(_path));
            await File.WriteAllTextAsync(SaveTimePath, savedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            _lastSaveDuration = clock.GetUtcNow() - savedAt;
            _lastSave = clock.GetUtcNow();
        }
        catch
        {
            KeepUnsaved(saved);
            throw;
        }

        if (!awaitStamp)
        {
            _stamping = StampInBackgroundAsync(saved);
            return;
        }

        try
        {
            await repository.StampIndexedAsync(_namespace, saved);
        }
        catch
        {
            KeepUnsaved(saved);
            throw;
        }
    }

    /// <summary>A stamp no turn waits for; it never faults, so the next save's wait for it cannot throw a stale error.</summary>
    private async Task StampInBackgroundAsync(MemoryChange[] saved)
    {
        try
        {
            await repository.StampIndexedAsync(_namespace, saved);
        }
        catch (Exception exception)
        {
            // Saved but not stamped: stamping them with the next save is enough, since the file holds them.
            KeepUnsaved(saved);
            logger.LogWarning(exception, "Could not stamp {Count} indexed versions of namespace {Namespace}; the next save retries", saved.Length, _namespace);
        }
    }

    /// <summary>Keeps changes for the next save, unless a newer change has replaced them meanwhile.</summary>
    private void KeepUnsaved(MemoryChange[] changes)
    {
        foreach (var change in changes)
        {
            _unsaved.TryAdd(change.VectorId, change);
        }
    }
}
