using System.Text.Json;
using SomaMemory.Contracts;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Memories;

namespace SomaMemory.Gateway.Http;

/// <summary>Validates a search request into a recall query; every refusal is a 422 that names the field.</summary>
public static class SearchRequestParser
{
    public const int MaxTopK = 1_000;
    public const int MaxOffset = 10_000;
    public const int MaxQueryLength = 4_096;

    public static bool TryParse(SearchRequest request, out RecallQuery query, out string error)
    {
        ArgumentNullException.ThrowIfNull(request);
        query = null!;
        error = Validate(request) ?? "";
        if (error.Length > 0)
        {
            return false;
        }

        // Validate has already refused an unknown type, so the parse succeeds here.
        _ = MemoryTypeNames.TryParse(request.MemoryType, out var memoryType, out _);
        var defaults = RecallWeights.Default;
        query = new RecallQuery
        {
            Text = string.IsNullOrWhiteSpace(request.Query) ? null : request.Query,
            Vector = request.Vector,
            TopK = request.TopK ?? 5,
            Offset = request.Offset ?? 0,
            Mode = ParseMode(request.Mode)!.Value,
            MemoryType = request.MemoryType is null ? null : memoryType,
            FiltersJson = request.Filters is { ValueKind: JsonValueKind.Object } filters && filters.EnumerateObject().Any() ? filters.GetRawText() : null,
            MinScore = request.MinScore,
            Weights = new RecallWeights
            {
                Similarity = request.Weights?.Similarity ?? defaults.Similarity,
                Keyword = request.Weights?.Keyword ?? defaults.Keyword,
                Importance = request.Weights?.Importance ?? defaults.Importance,
                Recency = request.Weights?.Recency ?? defaults.Recency,
            },
            Fusion = request.Fusion == "rrf" ? RecallFusion.ReciprocalRank : RecallFusion.WeightedSum,
            AsOf = request.AsOf,
        };
        return true;
    }

    private static string? Validate(SearchRequest request)
    {
        var hasText = !string.IsNullOrWhiteSpace(request.Query);
        var mode = ParseMode(request.Mode);
        return (request, hasText, mode) switch
        {
            ({ Vector: null }, false, _) => "query is required and must not be empty (or send a vector).",
            ({ Query.Length: > MaxQueryLength }, _, _) => $"query may hold at most {MaxQueryLength} characters.",
            // Postgres text cannot hold NUL; found by the attack suite as a 500 from full-text search.
            _ when request.Query?.Contains('\0', StringComparison.Ordinal) == true => "query must not contain NUL characters.",
            (_, _, null) => "mode must be 'hybrid', 'vector' or 'keyword'.",
            (_, false, RecallMode.Keyword) => "keyword mode needs a query text.",
            ({ TopK: <= 0 or > MaxTopK }, _, _) => $"top_k must be between 1 and {MaxTopK}.",
            ({ Offset: < 0 or > MaxOffset }, _, _) => $"offset must be between 0 and {MaxOffset}.",
            ({ Vector.Length: 0 }, _, _) => "vector is empty.",
            _ when !MemoryTypeNames.TryParse(request.MemoryType, out _, out var typeError) => typeError,
            ({ Filters: { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) } }, _, _) => "filters must be a JSON object.",
            ({ MinScore: { } minimum }, _, _) when !double.IsFinite(minimum) => "min_score must be a finite number.",
            ({ Fusion: not (null or "weighted" or "rrf") }, _, _) => "fusion must be 'weighted' or 'rrf'.",
            ({ Weights: { } weights }, _, _) when !ValidWeights(weights) => "weights must be finite numbers ≥ 0, not all zero.",
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

    private static bool ValidWeights(SearchWeights weights)
    {
        double?[] given = [weights.Similarity, weights.Keyword, weights.Importance, weights.Recency];
        return given.All(weight => weight is null || (double.IsFinite(weight.Value) && weight.Value >= 0))
            && given.Any(weight => weight is null || weight.Value > 0);
    }
}
