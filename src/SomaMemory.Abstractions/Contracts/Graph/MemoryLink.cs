namespace SomaMemory.Contracts;

/// <summary>One typed, weighted, directed link between two coordinates of a namespace, as stored.</summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.MemoryLink")]
public sealed record MemoryLink
{
    public const string DefaultType = "related";

    [Id(0)] public required string FromKey { get; init; }
    [Id(1)] public required string ToKey { get; init; }
    [Id(2)] public required string LinkType { get; init; }
    [Id(3)] public double Strength { get; init; }
    [Id(4)] public string MetadataJson { get; init; } = "{}";
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; init; }
}
