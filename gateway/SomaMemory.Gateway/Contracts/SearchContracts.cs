using System.Text.Json;
using System.Text.Json.Serialization;

namespace SomaMemory.Gateway.Contracts;

/// <summary>SFM's search body, plus SomaMemory's optional extensions.</summary>
public sealed record SearchRequest
{
    /// <summary>What to look for. Required unless <see cref="Vector"/> is given.</summary>
    public string? Query { get; init; }

    /// <summary>How many results, 1 to 1,000 (default 5).</summary>
    public int? TopK { get; init; }

    /// <summary>How many of the best results to skip (default 0).</summary>
    public int? Offset { get; init; }

    /// <summary>"episodic" or "semantic"; omitted means both.</summary>
    public string? MemoryType { get; init; }

    /// <summary>A JSON object; each member must equal the same top-level field of the payload or the metadata.</summary>
    public JsonElement? Filters { get; init; }

    /// <summary>Extension: "hybrid" (default), "vector" or "keyword".</summary>
    public string? Mode { get; init; }

    /// <summary>
    /// Extension: the query as an embedding of the namespace's dimension: an array of numbers, or a base64 string of
    /// little-endian float32 values.
    /// </summary>
    [JsonConverter(typeof(Http.VectorJsonConverter))]
    public float[]? Vector { get; init; }

    /// <summary>Extension: drop results scoring below this.</summary>
    public double? MinScore { get; init; }

    /// <summary>Extension: weights of the scoring terms; omitted terms keep their defaults.</summary>
    public SearchWeights? Weights { get; init; }

    /// <summary>Extension: "weighted" (default) or "rrf" (reciprocal rank fusion).</summary>
    public string? Fusion { get; init; }

    /// <summary>Extension: ignore memories created after this time (ISO-8601).</summary>
    public DateTimeOffset? AsOf { get; init; }
}

public sealed record SearchWeights(double? Similarity, double? Keyword, double? Importance, double? Recency);

public sealed record SearchResponse(IReadOnlyList<SearchHitView> Memories);

/// <summary>SFM's result fields (coordinate, payload, memory_type, importance, score) and the terms of the score.</summary>
public sealed record SearchHitView
{
    public required IReadOnlyList<double> Coordinate { get; init; }
    public required string CoordinateKey { get; init; }
    public required JsonElement Payload { get; init; }
    public required string MemoryType { get; init; }
    public required double Importance { get; init; }
    public required double Score { get; init; }
    public required JsonElement Metadata { get; init; }
    public double Similarity { get; init; }
    public double Keyword { get; init; }
    public double ImportanceNow { get; init; }
    public double Recency { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed record BulkStoreRequest(IReadOnlyList<StoreMemoryRequest?>? Items);

public sealed record BulkErrorView(int Index, string Detail);

public sealed record BulkStoreResponse(int Stored, IReadOnlyList<BulkErrorView> Errors);
