namespace SomaMemory.Contracts;

/// <summary>What a namespace's vector index holds and whether it can answer.</summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.IndexStatus")]
public sealed record IndexStatus
{
    [Id(0)] public bool Ready { get; init; }
    [Id(1)] public long Count { get; init; }

    /// <summary>Changes applied to the in-memory index but not yet in its saved file (so not yet stamped).</summary>
    [Id(2)] public int Unsaved { get; init; }
}
