namespace SomaMemory.Contracts;

/// <summary>
/// A sweep's request to retire one memory. The sweep read <see cref="ExpectedVersion"/>; a node whose memory has
/// changed since (a store, a delete) refuses, so a sweep never removes a memory that was just written.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.RetireCommand")]
public sealed record RetireCommand
{
    [Id(0)] public required RetireReason Reason { get; init; }
    [Id(1)] public required long ExpectedVersion { get; init; }
    [Id(2)] public required PruneAction Action { get; init; }

    /// <summary>For <see cref="RetireReason.Decayed"/>: the threshold and half-life the sweep judged by.</summary>
    [Id(3)] public double PruneThreshold { get; init; }

    [Id(4)] public TimeSpan ImportanceHalfLife { get; init; }
}
