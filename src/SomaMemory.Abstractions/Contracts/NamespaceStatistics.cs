namespace SomaMemory.Contracts;

/// <summary>Counts of the live memories of one namespace.</summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.NamespaceStatistics")]
public sealed record NamespaceStatistics
{
    [Id(0)] public required string Namespace { get; init; }
    [Id(1)] public long TotalMemories { get; init; }
    [Id(2)] public long Episodic { get; init; }
    [Id(3)] public long Semantic { get; init; }
}
