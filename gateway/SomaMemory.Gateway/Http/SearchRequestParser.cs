using SomaMemory.Contracts;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Search;

namespace SomaMemory.Gateway.Http;

/// <summary>
/// Validates a search request into a recall query; every refusal is a 422 that names the field. The rules live in
/// Core (<see cref="RecallRules"/>) because the .NET SDK applies them too.
/// </summary>
public static class SearchRequestParser
{
    public const int MaxTopK = RecallRules.MaxTopK;
    public const int MaxOffset = RecallRules.MaxOffset;
    public const int MaxQueryLength = RecallRules.MaxQueryLength;

    public static bool TryParse(SearchRequest request, out RecallQuery query, out string error)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = new RecallInput
        {
            Query = request.Query,
            TopK = request.TopK,
            Offset = request.Offset,
            MemoryType = request.MemoryType,
            Filters = request.Filters,
            Mode = request.Mode,
            Vector = request.Vector,
            MinScore = request.MinScore,
            HasWeights = request.Weights is not null,
            SimilarityWeight = request.Weights?.Similarity,
            KeywordWeight = request.Weights?.Keyword,
            ImportanceWeight = request.Weights?.Importance,
            RecencyWeight = request.Weights?.Recency,
            Fusion = request.Fusion,
            AsOf = request.AsOf,
        };
        return RecallRules.TryBuildQuery(input, out query, out error);
    }
}
