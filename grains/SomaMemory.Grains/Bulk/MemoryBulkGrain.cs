using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using SomaMemory.Contracts;
using SomaMemory.Coordinates;
using SomaMemory.Embeddings;
using SomaMemory.Grains.Memories;
using SomaMemory.Indexing;
using SomaMemory.Memories;

namespace SomaMemory.Grains.Bulk;

/// <summary>
/// Bulk ingest. The valid items are committed as one multi-row write rather than through a node grain each: a node
/// grain per memory costs an activation (a row read and a policy call) and a commit, which held a bulk store to
/// hundreds of memories a second. Node grains that are active and hold a replaced row are refreshed, and the
/// changes go to the indexer as a few stream events, after the commit.
/// </summary>
[StatelessWorker]
public sealed class MemoryBulkGrain(
    IEmbeddingProvider embeddings,
    IMemoryRepository repository,
    IClusterMembershipService membership,
    IOptions<MemoryNodeOptions> limits,
    IOptions<IndexingOptions> indexing,
    TimeProvider clock,
    ILogger<MemoryBulkGrain> logger) : Grain, IMemoryBulkGrain
{
    /// <summary>
    /// The most bytes of vectors one stream event carries. Memory streams refuse a message over their 1 MB cache block
    /// (such an event is lost, to be replayed by the reconciler), so a bulk store's changes go as events of about half that.
    /// </summary>
    private const int VectorBytesPerEvent = 512 * 1024;

    /// <summary>When the multi-row write is refused, node-grain stores at once, one per item, to find the bad item.</summary>
    private const int StoresInFlight = 32;

    public async Task<BulkResult> StoreManyAsync(string memoryNamespace, IReadOnlyList<BulkItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var errors = new List<BulkError>();
        var policy = await GrainFactory.GetGrain<IMemoryNamespaceGrain>(GrainKeys.ForNamespace(memoryNamespace)).GetPolicyAsync();
        var prepared = await BulkEmbedding.FillAsync(embeddings, policy, items, errors);
        var now = clock.GetUtcNow();
        var planned = Plan(memoryNamespace, prepared, policy, now, errors);
        if (planned.Count == 0)
        {
            return Result(0, errors);
        }

        IReadOnlyList<CommittedMemory> committed;
        try
        {
            committed = await repository.UpsertManyAsync(memoryNamespace, planned.Select(item => item.Upsert).ToArray(), now);
        }
        catch (ArgumentException)
        {
            // Postgres refused a value and wrote nothing; item by item, only the bad ones fail.
            return Result(await StoreOneByOneAsync(memoryNamespace, planned, errors), errors);
        }

        await RefreshHeldRowsAsync(memoryNamespace, committed);
        await PublishAsync(memoryNamespace, planned, committed);
        return Result(committed.Count, errors);
    }

    private static BulkResult Result(int stored, List<BulkError> errors) => new(stored, errors.OrderBy(error => error.Index).ToArray());

    /// <summary>Validates each item and turns it into its row; invalid and repeated items become errors.</summary>
    private List<PlannedItem> Plan(string memoryNamespace, IReadOnlyList<BulkItem> items, NamespacePolicy policy, DateTimeOffset now, List<BulkError> errors)
    {
        var planned = new List<PlannedItem>(items.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            try
            {
                MemoryCommandValidator.Validate(item.Command, limits.Value);
                var coordinate = CoordinateParser.Parse(item.CoordinateKey);
                if (!seen.TryAdd(coordinate.Key, item.Index))
                {
                    // One statement cannot write a row twice, and which of two writes should win is not ours to guess.
                    throw new ArgumentException($"coordinate {coordinate.Key} already appears at index {seen[coordinate.Key]}.");
                }

                var command = item.Command;
                var embedding = ClientVectors.Normalise(command.Vector!, policy.VectorDimension, "vector");
                planned.Add(new PlannedItem(item, StoreUpsert.Create(
                    memoryNamespace, coordinate, command, policy, embedding, command.VectorModel ?? ClientVectors.ClientModel, now)));
            }
            catch (ArgumentException exception)
            {
                errors.Add(new BulkError(item.Index, ValidationMessages.Describe(exception)));
            }
        }

        return planned;
    }

    /// <summary>The slow path, through each item's node grain; returns how many were stored.</summary>
    private async Task<int> StoreOneByOneAsync(string memoryNamespace, IReadOnlyList<PlannedItem> planned, List<BulkError> errors)
    {
        var stored = 0;
        // Bounded fan-out on the grain's own scheduler: grain calls may not be made from thread-pool threads.
        using var inFlight = new SemaphoreSlim(StoresInFlight);
        await Task.WhenAll(planned.Select(async planned =>
        {
            await inFlight.WaitAsync();
            try
            {
                await GrainFactory.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(memoryNamespace, planned.Upsert.CoordinateKey)).StoreAsync(planned.Item.Command);
                stored++;
            }
            catch (ArgumentException exception)
            {
                errors.Add(new BulkError(planned.Item.Index, ValidationMessages.Describe(exception)));
            }
            finally
            {
                inFlight.Release();
            }
        }));

        return stored;
    }

    /// <summary>
    /// Asks every silo to refresh the node grains it holds for these rows. A silo that cannot be reached is logged,
    /// not failed: the rows are committed, and a grain there at worst answers its older row until it deactivates.
    /// </summary>
    private async Task RefreshHeldRowsAsync(string memoryNamespace, IReadOnlyList<CommittedMemory> committed)
    {
        var silos = membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Active)
            .Select(member => member.SiloAddress);
        await Task.WhenAll(silos.Select(async silo =>
        {
            try
            {
                await GrainFactory.GetGrain<ISiloMemoryNodesGrain>(silo.ToParsableString()).RefreshAsync(memoryNamespace, committed);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                logger.LogWarning(exception, "Could not refresh the node grains of silo {Silo} after a bulk store in namespace {Namespace}", silo, memoryNamespace);
            }
        }));
    }

    /// <summary>Tells the indexer, after the commit; a lost event loses nothing, since the rows lag until the reconciler replays them.</summary>
    private async Task PublishAsync(string memoryNamespace, IReadOnlyList<PlannedItem> planned, IReadOnlyList<CommittedMemory> committed)
    {
        if (!indexing.Value.PublishChanges)
        {
            return;
        }

        var vectors = planned.ToDictionary(item => item.Upsert.CoordinateKey, item => item.Upsert.Embedding, StringComparer.Ordinal);
        var stream = this.GetStreamProvider(MemoryStreams.Provider)
            .GetStream<MemoryChangeBatch>(StreamId.Create(MemoryStreams.ChangeNamespace, memoryNamespace));
        try
        {
            var changesPerEvent = Math.Max(1, VectorBytesPerEvent / (sizeof(float) * Math.Max(1, planned[0].Upsert.Embedding.Length)));
            foreach (var chunk in committed.Chunk(changesPerEvent))
            {
                await stream.OnNextAsync(new MemoryChangeBatch(
                    chunk.Select(memory => new MemoryChange { VectorId = memory.VectorId, Version = memory.Version, Vector = vectors[memory.CoordinateKey] }).ToArray()));
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            logger.LogWarning(exception, "Could not publish a bulk store's changes in namespace {Namespace}; the reconciler will index them", memoryNamespace);
        }
    }

    private sealed record PlannedItem(BulkItem Item, MemoryUpsert Upsert);
}
