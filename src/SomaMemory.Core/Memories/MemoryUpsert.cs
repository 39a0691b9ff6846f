using SomaMemory.Contracts;

namespace SomaMemory.Memories;

/// <summary>
/// What a node grain asks the repository to write. A null metadata or importance keeps the stored value on a live
/// row and falls back to the defaults on a new or revived row; <see cref="ExpiresAt"/> is always written as given.
/// </summary>
public sealed record MemoryUpsert
{
    public required string Namespace { get; init; }
    public required string CoordinateKey { get; init; }
    public required IReadOnlyList<double> Coordinate { get; init; }
    public required string PayloadJson { get; init; }
    public required MemoryType MemoryType { get; init; }
    public string? MetadataJson { get; init; }
    public double? Importance { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The L2-normalised embedding to store with the row, and the model (or "client") that made it.</summary>
    public required float[] Embedding { get; init; }

    public required string EmbeddingModel { get; init; }
    public required DateTimeOffset Now { get; init; }
}
