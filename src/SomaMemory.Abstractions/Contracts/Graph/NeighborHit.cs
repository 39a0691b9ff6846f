namespace SomaMemory.Contracts;

/// <summary>A coordinate reached by a neighbour walk: its hop distance and the link that first reached it.</summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.NeighborHit")]
public sealed record NeighborHit
{
    [Id(0)] public required string Key { get; init; }
    [Id(1)] public int Hop { get; init; }
    [Id(2)] public required MemoryLink Via { get; init; }
}
