using System.Numerics.Tensors;
using SomaMemory.Contracts;

namespace SomaMemory.Search;

/// <summary>
/// Scores hydrated candidates: <c>score = w_sim·similarity + w_kw·keyword + w_imp·importance_now + w_rec·recency</c>
/// (or reciprocal rank fusion of the same terms), then pages. Pure, so it is tested without a grid.
/// </summary>
public static class RecallScorer
{
    /// <summary>The constant of reciprocal rank fusion; 60 is the value from the original RRF paper.</summary>
    public const int ReciprocalRankConstant = 60;

    public static IReadOnlyList<RecallHit> Rank(
        IReadOnlyList<SearchCandidate> candidates,
        float[]? queryVector,
        RecallQuery query,
        RecallDecay decay,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(decay);
        var weights = EffectiveWeights(query);
        // A memory both sources found is scored once, preferably as the index found it (its similarity is known).
        var distinct = candidates.OrderBy(candidate => candidate.IndexSimilarity is null).DistinctBy(candidate => candidate.Memory.VectorId).ToArray();
        // Full-text ranks have no fixed scale, so the best keyword match of the recall counts as 1.
        var bestKeywordRank = distinct.Length == 0 ? 0 : distinct.Max(candidate => candidate.KeywordRank);
        var terms = distinct
            .Select(candidate => new RecallHit
            {
                Memory = candidate.Memory,
                Similarity = Similarity(candidate, queryVector),
                Keyword = bestKeywordRank > 0 ? candidate.KeywordRank / bestKeywordRank : 0,
                ImportanceNow = decay.ImportanceNow(candidate.Memory, now),
                Recency = decay.Recency(candidate.Memory, now),
            })
            .ToArray();

        var scored = query.Fusion == RecallFusion.ReciprocalRank
            ? FuseByRank(terms, weights)
            : terms.Select(hit => hit with
            {
                Score = (weights.Similarity * hit.Similarity) + (weights.Keyword * hit.Keyword)
                    + (weights.Importance * Math.Min(1, hit.ImportanceNow)) + (weights.Recency * hit.Recency),
            });

        return scored
            .Where(hit => query.MinScore is not { } minimum || hit.Score >= minimum)
            .OrderByDescending(hit => hit.Score)
            .ThenBy(hit => hit.Memory.CoordinateKey, StringComparer.Ordinal)
            .Skip(query.Offset)
            .Take(query.TopK)
            .ToArray();
    }

    /// <summary>A vector recall ignores keywords and a keyword recall ignores meaning, whatever the weights say.</summary>
    public static RecallWeights EffectiveWeights(RecallQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Mode switch
        {
            RecallMode.Vector => query.Weights with { Keyword = 0 },
            RecallMode.Keyword => query.Weights with { Similarity = 0 },
            _ => query.Text is null ? query.Weights with { Keyword = 0 } : query.Weights,
        };
    }

    private static double Similarity(SearchCandidate candidate, float[]? query) => (candidate, query) switch
    {
        (_, null) => 0,
        ({ IndexSimilarity: { } known }, _) => Math.Clamp(known, -1, 1),
        ({ Embedding: { } embedding }, _) when embedding.Length == query.Length => Math.Clamp(TensorPrimitives.Dot(embedding, query), -1f, 1f),
        _ => 0,
    };

    private static IEnumerable<RecallHit> FuseByRank(RecallHit[] hits, RecallWeights weights)
    {
        var similarityRank = RankBy(hits, hit => hit.Similarity);
        var keywordRank = RankBy(hits, hit => hit.Keyword);
        var importanceRank = RankBy(hits, hit => hit.ImportanceNow);
        var recencyRank = RankBy(hits, hit => hit.Recency);
        return hits.Select((hit, i) => hit with
        {
            Score = (weights.Similarity / (ReciprocalRankConstant + similarityRank[i]))
                + (weights.Keyword / (ReciprocalRankConstant + keywordRank[i]))
                + (weights.Importance / (ReciprocalRankConstant + importanceRank[i]))
                + (weights.Recency / (ReciprocalRankConstant + recencyRank[i])),
        });
    }

    /// <summary>1-based rank of each hit by a term, best first; ties share the better rank.</summary>
    private static int[] RankBy(RecallHit[] hits, Func<RecallHit, double> term)
    {
        var ranks = new int[hits.Length];
        var order = Enumerable.Range(0, hits.Length).OrderByDescending(i => term(hits[i])).ToArray();
        for (var position = 0; position < order.Length; position++)
        {
            var tied = position > 0 && term(hits[order[position]]).Equals(term(hits[order[position - 1]]));
            ranks[order[position]] = tied ? ranks[order[position - 1]] : position + 1;
        }

        return ranks;
    }
}
