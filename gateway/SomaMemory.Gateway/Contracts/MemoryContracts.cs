using System.Text.Json;
using System.Text.Json.Serialization;

namespace SomaMemory.Gateway.Contracts;

/// <summary>SFM's store body, plus SomaMemory's optional extensions.</summary>
public sealed record StoreMemoryRequest
{
    /// <summary>The coordinate, comma-separated, such as "1,2,3".</summary>
    public string? Coord { get; init; }

    /// <summary>The memory itself: any JSON object.</summary>
    public JsonElement? Payload { get; init; }

    /// <summary>"episodic" (the default) or "semantic".</summary>
    public string? MemoryType { get; init; }

    /// <summary>Extension: free-form metadata, a JSON object. Omitted keeps the stored metadata.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>Extension: importance ≥ 0 (default 1). Omitted keeps the stored importance.</summary>
    public double? Importance { get; init; }

    /// <summary>Extension: seconds until the memory expires. Omitted applies the namespace's default TTL.</summary>
    public double? TtlSeconds { get; init; }

    /// <summary>Extension: what to embed. Omitted: payload.text, then payload.content, then the payload's JSON.</summary>
    public string? Text { get; init; }

    /// <summary>
    /// Extension: the memory's own embedding, of the namespace's dimension, instead of the grid's: an array of numbers,
    /// or a base64 string of little-endian float32 values.
    /// </summary>
    [JsonConverter(typeof(Http.VectorJsonConverter))]
    public float[]? Vector { get; init; }
}

public sealed record StoreMemoryResponse(
    [property: JsonPropertyName("coord")] string Coord,
    [property: JsonPropertyName("memory_type")] string MemoryType,
    [property: JsonPropertyName("coordinate_key")] string CoordinateKey,
    [property: JsonPropertyName("version")] long Version);

public sealed record MemoryView
{
    public required IReadOnlyList<double> Coordinate { get; init; }
    public required string CoordinateKey { get; init; }
    public required JsonElement Payload { get; init; }
    public required string MemoryType { get; init; }
    public required JsonElement Metadata { get; init; }
    public required double Importance { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? LastAccessedAt { get; init; }
    public long AccessCount { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public long Version { get; init; }
}

public sealed record GetMemoryResponse(MemoryView Memory);

public sealed record DeleteMemoryResponse(string Coord, bool Deleted);
