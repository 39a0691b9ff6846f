namespace SomaMemory.Contracts;

/// <summary>
/// One memory as an export carries it, to be written back by its node grain. Unlike a store, an import keeps the
/// memory's own timestamps, version and counters, and brings its embedding so that nothing has to be embedded again.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.ImportedMemory")]
public sealed record ImportedMemory
{
    [Id(0)] public required string PayloadJson { get; init; }
    [Id(1)] public MemoryType MemoryType { get; init; } = MemoryType.Episodic;
    [Id(2)] public string MetadataJson { get; init; } = "{}";
    [Id(3)] public double Importance { get; init; } = 1.0;
    [Id(4)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Decides idempotency: the import is written only when it is newer than what the target holds.</summary>
    [Id(5)] public required DateTimeOffset UpdatedAt { get; init; }

    [Id(6)] public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The source's version; the target keeps it on a new row and never lets its own version go back.</summary>
    [Id(7)] public long Version { get; init; } = 1;

    [Id(8)] public long AccessCount { get; init; }
    [Id(9)] public DateTimeOffset? LastAccessedAt { get; init; }

    /// <summary>The stored embedding; null lets the grid embed the payload as a store would.</summary>
    [Id(10)] public float[]? Embedding { get; init; }

    /// <summary>The model that made <see cref="Embedding"/>; null records it as a client's vector.</summary>
    [Id(11)] public string? EmbeddingModel { get; init; }
}

/// <summary>What an import of one memory did.</summary>
[GenerateSerializer]
[Alias("SomaMemory.ImportOutcome")]
public enum ImportOutcome
{
    /// <summary>The memory was written (new, or newer than the target's).</summary>
    Imported = 0,

    /// <summary>The target already holds this memory at the same or a later update (or deleted it later).</summary>
    Unchanged = 1,

    /// <summary>The memory's expiry has passed; writing it would only add an invisible row.</summary>
    Expired = 2,
}
