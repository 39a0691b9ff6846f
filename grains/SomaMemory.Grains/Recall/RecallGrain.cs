using Orleans.Concurrency;
using SomaMemory.Contracts;
using SomaMemory.Indexing;
using SomaMemory.Search;

namespace SomaMemory.Grains.Recall;

/// <summary>
/// Recall: embed the query (micro-batched), take candidates from the vector index and from full-text search,
/// hydrate them from Postgres with the filters applied, score and page.
/// </summary>
[StatelessWorker]
public sealed class RecallGrain(
    QueryEmbeddingBatcher queryEmbeddings,
    ISearchRepository search,
    TimeProvider clock) : Grain, IRecallGrain
{
    /// <summary>How many more candidates than the page asks for each source offers, to leave room for filters.</summary>
    private const int CandidateFactor = 4;
    private const int MinimumCandidates = 50;

    /// <summary>
    /// Without filters only deleted or expired memories that the index still holds are dropped, so twice the page is
    /// room enough; every candidate is a row read from Postgres, a random heap page in a large namespace.
    /// </summary>
    private const int UnfilteredCandidateFactor = 2;
    private const int UnfilteredMinimumCandidates = 20;
    private const int MaximumCandidates = 4_000;
    private const int Widenings = 3;

    /// <summary>
    /// How long a worker reuses a namespace's policy for recall: a policy change (half-life, dimension) reaches
    /// recall within this time. Short, because the cost it saves is one local grain call per query.
    /// </summary>
    private static readonly TimeSpan PolicyLifetime = TimeSpan.FromSeconds(5);

    /// <summary>A bound on the cache for grids with very many namespaces; past it the cache simply starts again.</summary>
    private const int MaximumCachedPolicies = 1_024;

    // A stateless worker activation runs one call at a time, so a plain dictionary is safe here.
    private readonly Dictionary<string, (NamespacePolicy Policy, DateTimeOffset FetchedAt)> _policies = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<RecallHit>> RecallAsync(string memoryNamespace, RecallQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var policy = await PolicyAsync(memoryNamespace, query);
        var queryVector = query.Mode == RecallMode.Keyword ? null : await QueryVectorAsync(query, policy);
        var keywordQuery = query.Mode == RecallMode.Vector || string.IsNullOrWhiteSpace(query.Text) ? null : query.Text;
        var filter = new SearchFilter { MemoryType = query.MemoryType, FieldsJson = query.FiltersJson, AsOf = query.AsOf };
        var decay = new RecallDecay(policy.ImportanceHalfLife, RecallDecay.DefaultRecencyHalfLife);
        var wanted = query.Offset + query.TopK;
        var candidateCount = filter is { MemoryType: null, FieldsJson: null, AsOf: null }
            ? Math.Clamp(wanted * UnfilteredCandidateFactor, UnfilteredMinimumCandidates, MaximumCandidates)
            : Math.Clamp(wanted * CandidateFactor, MinimumCandidates, MaximumCandidates);

        for (var round = 0; ; round++)
        {
            var now = clock.GetUtcNow();
            var candidates = new List<SearchCandidate>();
            var vectorHits = 0;
            Dictionary<long, float>? similarities = null;
            if (queryVector is not null)
            {
                var hits = await GrainFactory.GetGrain<INamespaceIndexGrain>(memoryNamespace).SearchAsync(queryVector, candidateCount);
                vectorHits = hits.Count;
                similarities = new Dictionary<long, float>(hits.Count);
                foreach (var hit in hits)
                {
                    similarities.TryAdd(hit.VectorId, hit.Similarity);
                }

                var hydrated = await search.HydrateAsync(memoryNamespace, [.. similarities.Keys], keywordQuery, filter, now);
                candidates.AddRange(hydrated.Select(candidate => candidate with { IndexSimilarity = similarities.GetValueOrDefault(candidate.Memory.VectorId) }));
            }

            if (keywordQuery is not null)
            {
                // Only the keyword matches the index did not offer bring their embedding, to be scored by meaning too.
                candidates.AddRange(await search.KeywordSearchAsync(memoryNamespace, keywordQuery, candidateCount, filter, now, similarities?.Keys));
            }

            var ranked = RecallScorer.Rank(candidates, queryVector, query with { Offset = 0, TopK = wanted }, decay, now);
            // Filters can remove most vector candidates; ask the index for more while it may have them.
            var indexMayHaveMore = vectorHits == candidateCount && candidateCount < MaximumCandidates;
            if (ranked.Count >= wanted || !indexMayHaveMore || round == Widenings)
            {
                return ranked.Skip(query.Offset).ToArray();
            }

            candidateCount = Math.Min(candidateCount * CandidateFactor, MaximumCandidates);
        }
    }

    /// <summary>
    /// The namespace's policy, reused for <see cref="PolicyLifetime"/>: asking the namespace grain on every recall
    /// was a grain hop per query, all of them through that one activation. A cached policy that does not fit the query
    /// (a vector or model of another dimension) is asked for again at once, so a dimension change is never refused
    /// on stale information.
    /// </summary>
    private async Task<NamespacePolicy> PolicyAsync(string memoryNamespace, RecallQuery query)
    {
        var now = clock.GetUtcNow();
        if (_policies.TryGetValue(memoryNamespace, out var cached) && now - cached.FetchedAt < PolicyLifetime && Fits(cached.Policy, query))
        {
            return cached.Policy;
        }

        var policy = await GrainFactory.GetGrain<IMemoryNamespaceGrain>(GrainKeys.ForNamespace(memoryNamespace)).GetPolicyAsync();
        if (_policies.Count >= MaximumCachedPolicies)
        {
            _policies.Clear();
        }

        _policies[memoryNamespace] = (policy, clock.GetUtcNow());
        return policy;
    }

    private bool Fits(NamespacePolicy policy, RecallQuery query) => query switch
    {
        { Mode: RecallMode.Keyword } => true,
        { Vector: { } given } => given.Length == policy.VectorDimension,
        _ => queryEmbeddings.Provider.Dimension == policy.VectorDimension,
    };

    private async Task<float[]> QueryVectorAsync(RecallQuery query, NamespacePolicy policy)
    {
        if (query.Vector is { } given)
        {
            return ClientVectors.Normalise(given, policy.VectorDimension, "vector");
        }

        ModelFit.Ensure(queryEmbeddings.Provider, policy);
        return await queryEmbeddings.EmbedAsync(query.Text ?? "");
    }
}
