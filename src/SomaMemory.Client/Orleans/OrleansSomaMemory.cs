using System.Text.Json;
using SomaMemory.Contracts;
using SomaMemory.Coordinates;
using SomaMemory.Grains;
using SomaMemory.Memories;
using SomaMemory.Namespaces;

namespace SomaMemory.Client.Orleans;

/// <summary>
/// The facade over the grains, for services that are Orleans clients of the grid. It validates with the same rules
/// as the gateway (Core's parsers), so a call refused here would be refused over HTTP with the same status and detail.
/// </summary>
public sealed class OrleansSomaMemory : ISomaMemory
{
    private readonly IGrainFactory _grains;

    public OrleansSomaMemory(IGrainFactory grains, string memoryNamespace)
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (!NamespaceName.IsValid(memoryNamespace, out var error))
        {
            throw new SomaMemoryException(400, error);
        }

        _grains = grains;
        Namespace = memoryNamespace;
    }

    public string Namespace { get; }

    public ISomaMemory ForNamespace(string memoryNamespace) => new OrleansSomaMemory(_grains, memoryNamespace);

    public Task<StoredMemory> StoreAsync(NewMemory memory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memory);
        if (!StoreRules.TryParse(memory.Coordinate, WireInput.ForStore(memory), out var coordinate, out var command, out var status, out var error))
        {
            throw new SomaMemoryException(status, error);
        }

        return GridCall.RunAsync(async () =>
        {
            if (command.Vector is { } vector)
            {
                await CheckDimensionAsync(vector.Length);
            }

            var stored = await Node(coordinate.Key).StoreAsync(command);
            return new StoredMemory(memory.Coordinate, stored.CoordinateKey, Kinds.From(stored.MemoryType), stored.Version);
        });
    }

    public Task<Memory?> GetAsync(string coordinate, CancellationToken cancellationToken = default) =>
        GridCall.RunAsync(async () => await Node(ParseKey(coordinate)).GetAsync() is { } record ? Views.Memory(record) : null);

    public Task<bool> DeleteAsync(string coordinate, CancellationToken cancellationToken = default) =>
        GridCall.RunAsync(() => Node(ParseKey(coordinate)).DeleteAsync());

    public Task<IReadOnlyList<SearchHit>> SearchAsync(MemorySearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        if (!Search.RecallRules.TryBuildQuery(WireInput.ForSearch(search), out var query, out var error))
        {
            throw new SomaMemoryException(422, error);
        }

        return GridCall.RunAsync(async () =>
        {
            if (query.Vector is { } vector)
            {
                await CheckDimensionAsync(vector.Length);
            }

            var hits = await _grains.GetGrain<IRecallGrain>(0).RecallAsync(Namespace, query);
            return (IReadOnlyList<SearchHit>)hits.Select(Views.Hit).ToArray();
        });
    }

    public Task<BulkStoreResult> StoreManyAsync(IReadOnlyList<NewMemory> memories, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memories);
        if (memories.Count > BulkRules.MaxItems)
        {
            throw new SomaMemoryException(413, $"A bulk request holds at most {BulkRules.MaxItems} items; this one holds {memories.Count}.");
        }

        var (items, errors) = BulkRules.Plan(memories.Select(memory => memory is null ? ((string?, StoreInput)?)null : (memory.Coordinate, WireInput.ForStore(memory))).ToArray());
        return GridCall.RunAsync(async () =>
        {
            var result = items.Count == 0 ? new BulkResult(0, []) : await _grains.GetGrain<IMemoryBulkGrain>(0).StoreManyAsync(Namespace, items);
            return new BulkStoreResult(result.Stored, BulkRules.Merge(errors, result).Select(error => new BulkStoreError(error.Index, error.Detail)).ToArray());
        });
    }

    public Task<LinkResult> LinkAsync(NewLink link, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        var fromKey = ParseKey(link.From);
        var toKey = ParseKey(link.To);
        if (link.Metadata is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
        {
            throw new SomaMemoryException(422, "metadata must be a JSON object.");
        }

        var command = new LinkCommand
        {
            ToKey = toKey,
            LinkType = link.LinkType ?? MemoryLink.DefaultType,
            Strength = link.Strength ?? 1.0,
            MetadataJson = link.Metadata is { ValueKind: JsonValueKind.Object } metadata ? metadata.GetRawText() : "{}",
        };
        return GridCall.RunAsync(async () =>
        {
            var stored = await Node(fromKey).LinkAsync(command);
            return new LinkResult(link.From, link.To, stored.LinkType);
        });
    }

    public Task<IReadOnlyList<Neighbor>> NeighborsAsync(NeighborSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        var defaults = new NeighborQuery { FromKey = "" };
        var query = new NeighborQuery
        {
            FromKey = ParseKey(search.Coordinate),
            MaxHops = search.Hops ?? defaults.MaxHops,
            Limit = search.Limit ?? defaults.Limit,
            Offset = search.Offset ?? defaults.Offset,
            LinkType = search.LinkType,
            Direction = (LinkDirection)(int)(search.Direction ?? LinkWalkDirection.Out),
        };
        return GridCall.RunAsync(async () =>
        {
            var hits = await _grains.GetGrain<IGraphGrain>(0).NeighborsAsync(Namespace, query);
            return (IReadOnlyList<Neighbor>)hits.Select(hit => new Neighbor(hit.Key, hit.Via.LinkType, hit.Via.Strength, hit.Hop, hit.Via.FromKey)).ToArray();
        });
    }

    public Task<MemoryPath> PathAsync(PathSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        var query = new PathQuery
        {
            FromKey = ParseKey(search.From),
            ToKey = ParseKey(search.To),
            MaxLength = search.MaxLength ?? new PathQuery { FromKey = "", ToKey = "" }.MaxLength,
            LinkType = search.LinkType,
            Weighted = search.Weighted,
        };
        return GridCall.RunAsync(async () =>
        {
            var path = await _grains.GetGrain<IGraphGrain>(0).PathAsync(Namespace, query);
            return new MemoryPath(search.From, search.To, path.Found, path.Keys, path.LinkTypes, path.Cost);
        });
    }

    public Task<MemoryStats> StatsAsync(CancellationToken cancellationToken = default) =>
        GridCall.RunAsync(async () =>
        {
            var statistics = await _grains.GetGrain<IMemoryNamespaceGrain>(GrainKeys.ForNamespace(Namespace)).GetStatisticsAsync();
            return new MemoryStats(Namespace, statistics.TotalMemories, statistics.Episodic, statistics.Semantic);
        });

    private static string ParseKey(string coordinate) =>
        CoordinateParser.TryParse(coordinate, out var parsed, out var error) ? parsed.Key : throw new SomaMemoryException(400, error);

    private IMemoryNodeGrain Node(string coordinateKey) => _grains.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(Namespace, coordinateKey));

    /// <summary>The gateway's rule: a vector of the wrong dimension is a 400, checked before anything is stored.</summary>
    private async Task CheckDimensionAsync(int dimension)
    {
        var policy = await _grains.GetGrain<IMemoryNamespaceGrain>(GrainKeys.ForNamespace(Namespace)).GetPolicyAsync();
        if (dimension != policy.VectorDimension)
        {
            throw new SomaMemoryException(400, $"vector has {dimension} dimensions; namespace '{Namespace}' holds vectors of {policy.VectorDimension}.");
        }
    }
}
