using System.Text.Json;

namespace SomaMemory.Client;

public enum SearchMode
{
    Hybrid = 0,
    Vector = 1,
    Keyword = 2,
}

public enum SearchFusion
{
    WeightedSum = 0,
    ReciprocalRank = 1,
}

/// <summary>One recall. Null optional fields keep the gateway's defaults (top 5, hybrid, weighted sum).</summary>
public sealed record MemorySearch
{
    /// <summary>What to look for; may be null when <see cref="Vector"/> is given.</summary>
    public string? Query { get; init; }
    public int? TopK { get; init; }
    public int? Offset { get; init; }

    /// <summary>Only memories of this kind; null means both.</summary>
    public MemoryKind? Kind { get; init; }

    /// <summary>A JSON object; each member must equal the same top-level field of the payload or the metadata.</summary>
    public JsonElement? Filters { get; init; }
    public SearchMode? Mode { get; init; }
    public IReadOnlyList<float>? Vector { get; init; }
    public double? MinScore { get; init; }
    public SearchWeights? Weights { get; init; }
    public SearchFusion? Fusion { get; init; }

    /// <summary>Ignore memories created after this time.</summary>
    public DateTimeOffset? AsOf { get; init; }
}

/// <summary>Weights of the scoring terms; null terms keep their defaults.</summary>
public sealed record SearchWeights(double? Similarity = null, double? Keyword = null, double? Importance = null, double? Recency = null);

/// <summary>One recalled memory, its score and the terms the score was made of.</summary>
public sealed record SearchHit
{
    public required IReadOnlyList<double> Coordinate { get; init; }
    public required string CoordinateKey { get; init; }
    public required JsonElement Payload { get; init; }
    public required MemoryKind Kind { get; init; }
    public required JsonElement Metadata { get; init; }
    public required double Importance { get; init; }
    public required double Score { get; init; }
    public double Similarity { get; init; }
    public double Keyword { get; init; }
    public double ImportanceNow { get; init; }
    public double Recency { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
