using Orleans.Concurrency;
using SomaMemory.Contracts;
using SomaMemory.Graph;

namespace SomaMemory.Grains.Graph;

/// <summary>
/// Walks the graph hop by hop over the links table, one batched read per hop. Walking node grains instead would
/// activate every memory on the way (a row read each) for a three-hop query over hundreds of nodes; the links table
/// answers a hop with one indexed query. A stateless worker, so walks run on every silo in parallel.
/// </summary>
[StatelessWorker]
public sealed class GraphGrain(ILinkReader links, TimeProvider clock) : Grain, IGraphGrain
{
    public Task<IReadOnlyList<NeighborHit>> NeighborsAsync(string memoryNamespace, NeighborQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.MaxHops is < 1 or > NeighborQuery.HopLimit || query.Limit < 1 || query.Offset < 0)
        {
            throw new ArgumentException($"k_hop must be between 1 and {NeighborQuery.HopLimit}, limit at least 1 and offset at least 0.", nameof(query));
        }

        return NeighborWalk.RunAsync(links, memoryNamespace, query, clock.GetUtcNow());
    }

    public Task<GraphPath> PathAsync(string memoryNamespace, PathQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.MaxLength is < 1 or > PathQuery.LengthLimit)
        {
            throw new ArgumentException($"max_length must be between 1 and {PathQuery.LengthLimit}.", nameof(query));
        }

        var now = clock.GetUtcNow();
        return query.Weighted
            ? WeightedPath.FindAsync(links, memoryNamespace, query, now)
            : ShortestPath.FindAsync(links, memoryNamespace, query, now);
    }
}
