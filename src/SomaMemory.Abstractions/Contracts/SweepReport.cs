namespace SomaMemory.Contracts;

/// <summary>What one sweep of a namespace did. <see cref="More"/>: a batch limit stopped it with work left.</summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.SweepReport")]
public sealed record SweepReport
{
    [Id(0)] public required DateTimeOffset At { get; init; }
    [Id(1)] public int Expired { get; init; }
    [Id(2)] public int Decayed { get; init; }
    [Id(3)] public int Evicted { get; init; }
    [Id(4)] public int Purged { get; init; }
    [Id(5)] public bool More { get; init; }
}
