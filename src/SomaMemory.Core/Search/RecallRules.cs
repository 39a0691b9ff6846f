using System.Text.Json;
using SomaMemory.Contracts;
using SomaMemory.Memories;

namespace SomaMemory.Search;

/// <summary>
/// Validates a search into a recall query, for the gateway and the .NET SDK alike; every refusal names the field
/// (422 on the wire).
/// </summary>
public static class RecallRules
{
    public const int MaxTopK = 1_000;
    public const int MaxOffset = 10_000;
    public const int MaxQueryLength = 4_096;

    public static bool TryBuildQuery(RecallInput input, out RecallQuery query, out string error)
    {
        ArgumentNullException.ThrowIfNull(input);
        query = null!;
        error = Validate(input) ?? "";
        if (error.Length > 0)
        {
            return false;
        }

        // Validate has already refused an unknown type, so the parse succeeds here.
        _ = MemoryTypeNames.TryParse(input.MemoryType, out var memoryType, out _);
        var defaults = RecallWeights.Default;
        query = new RecallQuery
        {
            Text = string.IsNullOrWhiteSpace(input.Query) ? null : input.Query,
            Vector = input.Vector,
            TopK = input.TopK ?? 5,
            Offset = input.Offset ?? 0,
            Mode = ParseMode(input.Mode)!.Value,
            MemoryType = input.MemoryType is null ? null : memoryType,
            FiltersJson = input.Filters is { ValueKind: JsonValueKind.Object } filters && filters.EnumerateObject().Any() ? filters.GetRawText() : null,
            MinScore = input.MinScore,
            Weights = new RecallWeights
            {
                Similarity = input.SimilarityWeight ?? defaults.Similarity,
                Keyword = input.KeywordWeight ?? defaults.Keyword,
                Importance = input.ImportanceWeight ?? defaults.Importance,
                Recency = input.RecencyWeight ?? defaults.Recency,
            },
            Fusion = input.Fusion == "rrf" ? RecallFusion.ReciprocalRank : RecallFusion.WeightedSum,
            AsOf = input.AsOf,
        };
        return true;
    }

    private static string? Validate(RecallInput input)
    {
        var hasText = !string.IsNullOrWhiteSpace(input.Query);
        var mode = ParseMode(input.Mode);
        return (input, hasText, mode) switch
        {
            ({ Vector: null }, false, _) => "query is required and must not be empty (or send a vector).",
            ({ Query.Length: > MaxQueryLength }, _, _) => $"query may hold at most {MaxQueryLength} characters.",
            // Postgres text cannot hold NUL; found by the attack suite as a 500 from full-text search.
            _ when input.Query?.Contains('\0', StringComparison.Ordinal) == true => "query must not contain NUL characters.",
            (_, _, null) => "mode must be 'hybrid', 'vector' or 'keyword'.",
            (_, false, RecallMode.Keyword) => "keyword mode needs a query text.",
            ({ TopK: <= 0 or > MaxTopK }, _, _) => $"top_k must be between 1 and {MaxTopK}.",
            ({ Offset: < 0 or > MaxOffset }, _, _) => $"offset must be between 0 and {MaxOffset}.",
            ({ Vector.Length: 0 }, _, _) => "vector is empty.",
            _ when !MemoryTypeNames.TryParse(input.MemoryType, out _, out var typeError) => typeError,
            ({ Filters: { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) } }, _, _) => "filters must be a JSON object.",
            ({ MinScore: { } minimum }, _, _) when !double.IsFinite(minimum) => "min_score must be a finite number.",
            ({ Fusion: not (null or "weighted" or "rrf") }, _, _) => "fusion must be 'weighted' or 'rrf'.",
            _ when !ValidWeights(input) => "weights must be finite numbers ≥ 0, not all zero.",
            _ => null,
        };
    }

    private static RecallMode? ParseMode(string? mode) => mode switch
    {
        null or "hybrid" => RecallMode.Hybrid,
        "vector" => RecallMode.Vector,
        "keyword" => RecallMode.Keyword,
        _ => null,
    };

    private static bool ValidWeights(RecallInput input)
    {
        if (!input.HasWeights)
        {
            return true;
        }

        double?[] given = [input.SimilarityWeight, input.KeywordWeight, input.ImportanceWeight, input.RecencyWeight];
        return given.All(weight => weight is null || (double.IsFinite(weight.Value) && weight.Value >= 0))
            && given.Any(weight => weight is null || weight.Value > 0);
    }
}

/// <summary>The fields of one search as a client sends them, before validation.</summary>
public sealed record RecallInput
{
    public string? Query { get; init; }
    public int? TopK { get; init; }
    public int? Offset { get; init; }
    public string? MemoryType { get; init; }
    public JsonElement? Filters { get; init; }
    public string? Mode { get; init; }
    public float[]? Vector { get; init; }
    public double? MinScore { get; init; }

    /// <summary>Whether a weights object was sent at all; its omitted terms keep their defaults.</summary>
    public bool HasWeights { get; init; }

    public double? SimilarityWeight { get; init; }
    public double? KeywordWeight { get; init; }
    public double? ImportanceWeight { get; init; }
    public double? RecencyWeight { get; init; }
    public string? Fusion { get; init; }
    public DateTimeOffset? AsOf { get; init; }
}
