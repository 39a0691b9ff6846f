namespace SomaMemory.Contracts;

/// <summary>Neighbours of one coordinate up to <see cref="MaxHops"/> hops, paged in a stable order.</summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.NeighborQuery")]
public sealed record NeighborQuery
{
    public const int HopLimit = 5;

    [Id(0)] public required string FromKey { get; init; }
    [Id(1)] public int MaxHops { get; init; } = 1;
    [Id(2)] public LinkDirection Direction { get; init; } = LinkDirection.Out;

    /// <summary>Only links of this type are followed; null follows every type.</summary>
    [Id(3)] public string? LinkType { get; init; }
    [Id(4)] public int Limit { get; init; } = 10;
    [Id(5)] public int Offset { get; init; }
}
