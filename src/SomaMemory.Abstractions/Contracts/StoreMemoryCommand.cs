namespace SomaMemory.Contracts;

/// <summary>
/// An idempotent upsert of one memory. A null metadata or importance keeps the stored value on a live memory and
/// takes the default on a new or revived one. The expiry is set afresh by every store: a null time to live applies
/// the namespace's default TTL, or none.
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

    /// <summary>What to embed; null picks payload.text, then payload.content, then the payload's canonical JSON.</summary>
    [Id(5)] public string? Text { get; init; }

    /// <summary>A client-given embedding of the namespace's dimension; null lets the grid embed <see cref="Text"/>.</summary>
    [Id(6)] public float[]? Vector { get; init; }

    /// <summary>The model that made <see cref="Vector"/> when the grid embedded it ahead (bulk); null for a client's vector.</summary>
    [Id(7)] public string? VectorModel { get; init; }
}
