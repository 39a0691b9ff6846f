namespace SomaMemory.Search;

/// <summary>Reads for recall. Every query is scoped by namespace and applies the filter.</summary>
public interface ISearchRepository
{
    /// <summary>
    /// The live rows among these vector ids that pass the filter, with their keyword rank for the query, without
    /// their embeddings: the vector index already gave their similarity.
    /// </summary>
    Task<IReadOnlyList<SearchCandidate>> HydrateAsync(string memoryNamespace, IReadOnlyList<long> vectorIds, string? keywordQuery, SearchFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// The best full-text matches of the query that pass the filter, best first. With <paramref name="embedAllBut"/>
    /// null no embedding is read (a keyword recall needs none); otherwise every row whose vector id is not in it comes
    /// with its embedding, so that a match the vector index did not offer can still be scored by meaning.
    /// </summary>
    Task<IReadOnlyList<SearchCandidate>> KeywordSearchAsync(string memoryNamespace, string keywordQuery, int limit, SearchFilter filter, DateTimeOffset now, IReadOnlyCollection<long>? embedAllBut, CancellationToken cancellationToken = default);
}
