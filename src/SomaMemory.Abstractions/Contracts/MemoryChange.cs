namespace SomaMemory.Contracts;

/// <summary>
/// A committed change of one memory, published on the namespace's change stream after the commit. The indexer
/// applies it to the vector index; Postgres stays the truth, so a lost event is replayed by the reconciler.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.MemoryChange")]
public sealed record MemoryChange
{
    [Id(0)] public required long VectorId { get; init; }
    [Id(1)] public required long Version { get; init; }

    /// <summary>The new embedding of a live memory; null when the memory was deleted.</summary>
    [Id(2)] public float[]? Vector { get; init; }

    public bool IsDelete => Vector is null;
}
