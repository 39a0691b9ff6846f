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

    /// <summary>Memories a sweep archived that are still kept (not live; erased after the archive retention).</summary>
    [Id(4)] public long Archived { get; init; }

    /// <summary>The last sweep of this namespace since its grain activated; null before the first.</summary>
    [Id(5)] public SweepReport? LastSweep { get; init; }
}
