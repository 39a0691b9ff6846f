namespace SomaMemory.Contracts;

/// <summary>
/// One stored memory as the grid hands it out. Payload and metadata travel as JSON text so that the grain
/// boundary never has to know the shape of a tenant's documents.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.MemoryRecord")]
public sealed record MemoryRecord
{
    [Id(0)] public required string Namespace { get; init; }
    [Id(1)] public required string CoordinateKey { get; init; }
    [Id(2)] public required IReadOnlyList<double> Coordinate { get; init; }
    [Id(3)] public required string PayloadJson { get; init; }
    [Id(4)] public required MemoryType MemoryType { get; init; }
    [Id(5)] public required string MetadataJson { get; init; }
    [Id(6)] public required double Importance { get; init; }
    [Id(7)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(8)] public required DateTimeOffset UpdatedAt { get; init; }
    [Id(9)] public DateTimeOffset? LastAccessedAt { get; init; }
    [Id(10)] public long AccessCount { get; init; }
    [Id(11)] public required long Version { get; init; }
    [Id(12)] public DateTimeOffset? ExpiresAt { get; init; }
    [Id(13)] public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>The memory's key in the vector index, stable for the life of the row.</summary>
    [Id(14)] public long VectorId { get; init; }

    /// <summary>The model whose embedding the row holds; null before the memory has been embedded.</summary>
    [Id(15)] public string? EmbeddingModel { get; init; }

    /// <summary>When a read last reinforced the importance; decay counts from this or the last update, whichever is later.</summary>
    [Id(16)] public DateTimeOffset? ImportanceAt { get; init; }

    /// <summary>Whether the memory can be seen at <paramref name="now"/>: neither deleted nor expired.</summary>
    public bool IsLiveAt(DateTimeOffset now) => DeletedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
