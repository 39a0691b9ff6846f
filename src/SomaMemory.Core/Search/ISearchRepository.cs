namespace SomaMemory.Search;

/// <summary>Reads for recall. Every query is scoped by namespace and applies the filter.</summary>
public interface ISearchRepository
{
    /// <summary>The live rows among these vector ids that pass the filter, with their keyword rank for the query.</summary>
    Task<IReadOnlyList<SearchCandidate>> HydrateAsync(string memoryNamespace, IReadOnlyList<long> vectorIds, string? keywordQuery, SearchFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The best full-text matches of the query that pass the filter, best first.</summary>
    Task<IReadOnlyList<SearchCandidate>> KeywordSearchAsync(string memoryNamespace, string keywordQuery, int limit, SearchFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default);
}
