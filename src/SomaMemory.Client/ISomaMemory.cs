namespace SomaMemory.Client;

/// <summary>
/// SomaMemory as a .NET service sees it. Two implementations answer alike: one over the Orleans client, for
/// services inside the cluster (<c>AddSomaMemoryClient</c>), and one over HTTP, for everything else
/// (<c>AddSomaMemoryHttpClient</c>). Refusals throw <see cref="SomaMemoryException"/> with the status and detail
/// the gateway would answer.
/// </summary>
public interface ISomaMemory
{
    /// <summary>
    /// The namespace every call of this instance acts in; null over HTTP when the server picks it (the API key's
    /// default namespace).
    /// </summary>
    string? Namespace { get; }

    /// <summary>The same client acting in another namespace.</summary>
    ISomaMemory ForNamespace(string memoryNamespace);

    /// <summary>Upserts the memory at a coordinate; it is committed before this returns.</summary>
    Task<StoredMemory> StoreAsync(NewMemory memory, CancellationToken cancellationToken = default);

    /// <summary>The live memory at a coordinate, or null when there is none.</summary>
    Task<Memory?> GetAsync(string coordinate, CancellationToken cancellationToken = default);

    /// <summary>Deletes the memory at a coordinate; false when there was nothing to delete.</summary>
    Task<bool> DeleteAsync(string coordinate, CancellationToken cancellationToken = default);

    /// <summary>Recalls memories by meaning, keywords or both.</summary>
    Task<IReadOnlyList<SearchHit>> SearchAsync(MemorySearch search, CancellationToken cancellationToken = default);

    /// <summary>Stores many memories; invalid ones are reported by index and the valid ones are still stored.</summary>
    Task<BulkStoreResult> StoreManyAsync(IReadOnlyList<NewMemory> memories, CancellationToken cancellationToken = default);

    /// <summary>Upserts a typed, weighted link from one coordinate to another.</summary>
    Task<LinkResult> LinkAsync(NewLink link, CancellationToken cancellationToken = default);

    /// <summary>The coordinates reachable from one coordinate within a number of hops.</summary>
    Task<IReadOnlyList<Neighbor>> NeighborsAsync(NeighborSearch search, CancellationToken cancellationToken = default);

    /// <summary>A path along links from one coordinate to another, or <see cref="MemoryPath.Found"/> false.</summary>
    Task<MemoryPath> PathAsync(PathSearch search, CancellationToken cancellationToken = default);

    /// <summary>Counts of the namespace's live memories.</summary>
    Task<MemoryStats> StatsAsync(CancellationToken cancellationToken = default);
}
