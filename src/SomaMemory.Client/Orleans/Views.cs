using System.Text.Json;
using SomaMemory.Contracts;

namespace SomaMemory.Client.Orleans;

/// <summary>Grain contracts to the SDK's own records, so that no grid type reaches a caller.</summary>
internal static class Views
{
    public static Memory Memory(MemoryRecord record) => new()
    {
        Coordinate = record.Coordinate,
        CoordinateKey = record.CoordinateKey,
        Payload = JsonSerializer.Deserialize<JsonElement>(record.PayloadJson),
        Kind = Kinds.From(record.MemoryType),
        Metadata = JsonSerializer.Deserialize<JsonElement>(record.MetadataJson),
        Importance = record.Importance,
        CreatedAt = record.CreatedAt,
        UpdatedAt = record.UpdatedAt,
        LastAccessedAt = record.LastAccessedAt,
        AccessCount = record.AccessCount,
        ExpiresAt = record.ExpiresAt,
        Version = record.Version,
    };

    /// <summary>Scores are rounded as the gateway rounds them, so both clients answer the same numbers.</summary>
    public static SearchHit Hit(RecallHit hit) => new()
    {
        Coordinate = hit.Memory.Coordinate,
        CoordinateKey = hit.Memory.CoordinateKey,
        Payload = JsonSerializer.Deserialize<JsonElement>(hit.Memory.PayloadJson),
        Kind = Kinds.From(hit.Memory.MemoryType),
        Metadata = JsonSerializer.Deserialize<JsonElement>(hit.Memory.MetadataJson),
        Importance = hit.Memory.Importance,
        Score = Math.Round(hit.Score, 6),
        Similarity = Math.Round(hit.Similarity, 6),
        Keyword = Math.Round(hit.Keyword, 6),
        ImportanceNow = Math.Round(hit.ImportanceNow, 6),
        Recency = Math.Round(hit.Recency, 6),
        CreatedAt = hit.Memory.CreatedAt,
        UpdatedAt = hit.Memory.UpdatedAt,
    };
}
