using System.Text.Json;
using System.Text.Json.Serialization;

namespace SomaMemory.Client.Http;

/// <summary>The gateway's JSON bodies (snake_case), private to the HTTP client.</summary>
internal static class Wire
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public sealed record StoreBody(
        string Coord,
        JsonElement Payload,
        string MemoryType,
        JsonElement? Metadata,
        double? Importance,
        double? TtlSeconds,
        string? Text,
        IReadOnlyList<float>? Vector);

    public sealed record StoreAnswer(string Coord, string MemoryType, string CoordinateKey, long Version);

    public sealed record MemoryBody(
        IReadOnlyList<double> Coordinate,
        string CoordinateKey,
        JsonElement Payload,
        string MemoryType,
        JsonElement Metadata,
        double Importance,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        DateTimeOffset? LastAccessedAt,
        long AccessCount,
        DateTimeOffset? ExpiresAt,
        long Version);

    public sealed record GetAnswer(MemoryBody Memory);

    public sealed record DeleteAnswer(string Coord, bool Deleted);

    public sealed record SearchBody(
        string? Query,
        int? TopK,
        int? Offset,
        string? MemoryType,
        JsonElement? Filters,
        string? Mode,
        IReadOnlyList<float>? Vector,
        double? MinScore,
        SearchWeights? Weights,
        string? Fusion,
        DateTimeOffset? AsOf);

    public sealed record HitBody(
        IReadOnlyList<double> Coordinate,
        string CoordinateKey,
        JsonElement Payload,
        string MemoryType,
        double Importance,
        double Score,
        JsonElement Metadata,
        double Similarity,
        double Keyword,
        double ImportanceNow,
        double Recency,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt);

    public sealed record SearchAnswer(IReadOnlyList<HitBody> Memories);

    public sealed record BulkBody(IReadOnlyList<StoreBody> Items);

    public sealed record BulkErrorBody(int Index, string Detail);

    public sealed record BulkAnswer(int Stored, IReadOnlyList<BulkErrorBody> Errors);

    public sealed record LinkBody(string FromCoord, string ToCoord, string? LinkType, double? Strength, JsonElement? Metadata);

    public sealed record LinkAnswer(string FromCoord, string ToCoord, string LinkType, bool Ok);

    public sealed record NeighborBody(string CoordinateKey, string LinkType, double Strength, int Hop, string FromCoord);

    public sealed record NeighborsAnswer(string Coord, IReadOnlyList<NeighborBody> Neighbors);

    public sealed record PathAnswer(string FromCoord, string ToCoord, IReadOnlyList<string> Path, IReadOnlyList<string> LinkTypes, bool Found, double Cost);

    public sealed record StatsAnswer(long TotalMemories, long Episodic, long Semantic, string Namespace);

    public sealed record ApiKeyBody(string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Namespaces, string? DefaultNamespace, DateTimeOffset? ExpiresAt);
}
