namespace SomaMemory.Contracts;

/// <summary>
/// A memory's history: the version its row holds now (null when no row exists, such as after a hard delete),
/// and its previous versions, newest first.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.MemoryHistory")]
public sealed record MemoryHistory
{
    [Id(0)] public long? CurrentVersion { get; init; }
    [Id(1)] public bool CurrentIsLive { get; init; }
    [Id(2)] public required IReadOnlyList<MemoryHistoryEntry> Versions { get; init; }
}
