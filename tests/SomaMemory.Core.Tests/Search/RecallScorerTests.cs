using SomaMemory.Contracts;
using SomaMemory.Search;
using Xunit;

namespace SomaMemory.Core.Tests.Search;

public sealed class RecallScorerTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly RecallDecay Decay = new(TimeSpan.FromDays(10), TimeSpan.FromDays(7));

    private static SearchCandidate Candidate(string key, float[]? embedding, double keywordRank = 0, double importance = 1, TimeSpan? age = null) =>
        new(new MemoryRecord
        {
            Namespace = "n",
            CoordinateKey = key,
            Coordinate = [1.0],
            PayloadJson = "{}",
            MemoryType = MemoryType.Episodic,
            MetadataJson = "{}",
            Importance = importance,
            CreatedAt = Now - (age ?? TimeSpan.Zero),
            UpdatedAt = Now - (age ?? TimeSpan.Zero),
            Version = 1,
            VectorId = key.GetHashCode(StringComparison.Ordinal),
        }, embedding, keywordRank);

    private static readonly float[] East = [1, 0];
    private static readonly float[] North = [0, 1];

    [Fact]
    public void The_weighted_sum_combines_the_four_terms_with_the_default_weights()
    {
        var hits = RecallScorer.Rank([Candidate("a", East, keywordRank: 0.5)], East, new RecallQuery { Text = "q" }, Decay, Now);

        var hit = Assert.Single(hits);
        Assert.Equal(1, hit.Similarity, 6);
        Assert.Equal(1, hit.Keyword, 6); // the best keyword rank of the recall counts as 1
        Assert.Equal(1, hit.ImportanceNow, 6);
        Assert.Equal(1, hit.Recency, 6);
        Assert.Equal(0.70 + 0.15 + 0.10 + 0.05, hit.Score, 6);
    }

    [Fact]
    public void The_index_similarity_is_taken_as_given_and_no_embedding_is_needed()
    {
        var fromIndex = Candidate("indexed", null) with { IndexSimilarity = 0.25 };
        var fromEmbedding = Candidate("keyword-only", North);
        var withNeither = Candidate("no-embedding", null);

        var hits = RecallScorer.Rank([fromIndex, fromEmbedding, withNeither], [0.6f, 0.8f], new RecallQuery { Vector = [0.6f, 0.8f] }, Decay, Now);

        var similarity = hits.ToDictionary(hit => hit.Memory.CoordinateKey, hit => hit.Similarity);
        Assert.Equal(0.25, similarity["indexed"], 6);
        Assert.Equal(0.8, similarity["keyword-only"], 6); // computed from the embedding: (0, 1) · (0.6, 0.8)
        Assert.Equal(0, similarity["no-embedding"], 6);
    }

    [Fact]
    public void A_memory_both_sources_found_is_scored_once_with_the_index_similarity()
    {
        var asKeywordMatch = Candidate("both", null, keywordRank: 0.5);
        var asVectorHit = Candidate("both", null, keywordRank: 0.5) with { IndexSimilarity = 0.9 };

        var hit = Assert.Single(RecallScorer.Rank([asKeywordMatch, asVectorHit], East, new RecallQuery { Text = "q" }, Decay, Now));

        Assert.Equal(0.9, hit.Similarity, 6);
    }

    [Fact]
    public void Meaning_ranks_first_by_default()
    {
        var hits = RecallScorer.Rank([Candidate("far", North, keywordRank: 0.9), Candidate("near", East, keywordRank: 0.1)], East, new RecallQuery { Text = "q" }, Decay, Now);

        Assert.Equal(["near", "far"], hits.Select(hit => hit.Memory.CoordinateKey));
    }

    [Fact]
    public void Importance_halves_every_half_life_and_recency_decays_with_idle_time()
    {
        var hit = Assert.Single(RecallScorer.Rank([Candidate("a", East, importance: 0.8, age: TimeSpan.FromDays(10))], East, new RecallQuery { Vector = East }, Decay, Now));

        Assert.Equal(0.4, hit.ImportanceNow, 6);
        Assert.Equal(Math.Pow(2, -10.0 / 7), hit.Recency, 6);
    }

    [Fact]
    public void Vector_mode_ignores_keywords_and_keyword_mode_ignores_meaning()
    {
        var candidates = new[] { Candidate("words", North, keywordRank: 1), Candidate("meaning", East) };

        var vector = RecallScorer.Rank(candidates, East, new RecallQuery { Text = "q", Mode = RecallMode.Vector }, Decay, Now);
        var keyword = RecallScorer.Rank(candidates, East, new RecallQuery { Text = "q", Mode = RecallMode.Keyword }, Decay, Now);

        Assert.Equal("meaning", vector[0].Memory.CoordinateKey);
        Assert.Equal("words", keyword[0].Memory.CoordinateKey);
    }

    [Fact]
    public void Offset_top_k_and_min_score_page_one_ranking_with_ties_broken_by_key()
    {
        var candidates = new[] { Candidate("c", East), Candidate("a", East), Candidate("b", East), Candidate("d", North) };

        var all = RecallScorer.Rank(candidates, East, new RecallQuery { Vector = East, TopK = 10 }, Decay, Now);
        var page = RecallScorer.Rank(candidates, East, new RecallQuery { Vector = East, TopK = 2, Offset = 1 }, Decay, Now);
        var strong = RecallScorer.Rank(candidates, East, new RecallQuery { Vector = East, TopK = 10, MinScore = 0.5 }, Decay, Now);

        Assert.Equal(["a", "b", "c", "d"], all.Select(hit => hit.Memory.CoordinateKey));
        Assert.Equal(["b", "c"], page.Select(hit => hit.Memory.CoordinateKey));
        Assert.Equal(["a", "b", "c"], strong.Select(hit => hit.Memory.CoordinateKey));
    }

    [Fact]
    public void Reciprocal_rank_fusion_scores_by_ranks_not_by_values()
    {
        var candidates = new[] { Candidate("x", East, keywordRank: 0.01), Candidate("y", North, keywordRank: 0.02) };

        var hits = RecallScorer.Rank(candidates, East, new RecallQuery { Text = "q", Fusion = RecallFusion.ReciprocalRank }, Decay, Now);

        // x is first by similarity (weight 0.7), y first by keyword (0.15); importance and recency tie.
        Assert.Equal("x", hits[0].Memory.CoordinateKey);
        Assert.Equal((0.70 / 61) + (0.15 / 62) + (0.10 / 61) + (0.05 / 61), hits[0].Score, 9);
    }

    [Fact]
    public void The_same_memory_from_both_sources_counts_once()
    {
        var candidate = Candidate("a", East, keywordRank: 0.3);

        var hits = RecallScorer.Rank([candidate, candidate], East, new RecallQuery { Text = "q", TopK = 10 }, Decay, Now);

        Assert.Single(hits);
    }
}
