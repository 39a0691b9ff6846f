namespace SomaMemory.Contracts;

/// <summary>A path along outgoing links; fewest hops, or lowest total 1/strength when weighted.</summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.PathQuery")]
public sealed record PathQuery
{
    public const int LengthLimit = 20;

    [Id(0)] public required string FromKey { get; init; }
    [Id(1)] public required string ToKey { get; init; }

    /// <summary>The most links the path may have.</summary>
    [Id(2)] public int MaxLength { get; init; } = 10;
    [Id(3)] public string? LinkType { get; init; }
    [Id(4)] public bool Weighted { get; init; }
}
