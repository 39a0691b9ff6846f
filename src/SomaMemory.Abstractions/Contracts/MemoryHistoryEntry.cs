namespace SomaMemory.Contracts;

/// <summary>A previous version of one memory, as it was until <see cref="ReplacedAt"/>.</summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.MemoryHistoryEntry")]
public sealed record MemoryHistoryEntry
{
    [Id(0)] public required long Version { get; init; }
    [Id(1)] public required string PayloadJson { get; init; }
    [Id(2)] public required MemoryType MemoryType { get; init; }
    [Id(3)] public required string MetadataJson { get; init; }
    [Id(4)] public required double Importance { get; init; }
    [Id(5)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public required DateTimeOffset UpdatedAt { get; init; }
    [Id(7)] public DateTimeOffset? ExpiresAt { get; init; }
    [Id(8)] public DateTimeOffset? DeletedAt { get; init; }
    [Id(9)] public required DateTimeOffset ReplacedAt { get; init; }
}
