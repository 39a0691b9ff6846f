using SomaMemory.Contracts;

namespace SomaMemory.Search;

/// <summary>
/// A hydrated memory that may be returned, with what scoring needs: its similarity to the query (given by the vector
/// index, or computed from <see cref="Embedding"/>) and its keyword rank.
/// </summary>
public sealed record SearchCandidate(MemoryRecord Memory, float[]? Embedding, double KeywordRank)
{
    /// <summary>
    /// The cosine the vector index computed when it found this memory. Set, it is the similarity and no embedding is
    /// needed, which spares reading 1.5 KB per candidate from Postgres; unset, the similarity is computed from
    /// <see cref="Embedding"/> (0 without one).
    /// </summary>
    public double? IndexSimilarity { get; init; }
}
