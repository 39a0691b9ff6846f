namespace SomaMemory.Contracts;

/// <summary>
/// An idempotent upsert of one memory. Optional fields left null keep the stored value on a live memory and take
/// the namespace default on a new or revived one.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.StoreMemoryCommand")]
public sealed record StoreMemoryCommand
{
    [Id(0)] public required string PayloadJson { get; init; }
    [Id(1)] public MemoryType MemoryType { get; init; } = MemoryType.Episodic;
    [Id(2)] public string? MetadataJson { get; init; }
    [Id(3)] public double? Importance { get; init; }
    [Id(4)] public TimeSpan? TimeToLive { get; init; }
}
