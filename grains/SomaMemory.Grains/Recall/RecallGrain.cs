using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using SomaMemory.Contracts;
using SomaMemory.Embeddings;
using SomaMemory.Grains.Memories;
using SomaMemory.Indexing;
using SomaMemory.Memories;
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
    private const int MaximumCandidates = 4_000;
    private const int Widenings = 3;

    public async Task<IReadOnlyList<RecallHit>> RecallAsync(string memoryNamespace, RecallQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var policy = await GrainFactory.GetGrain<IMemoryNamespaceGrain>(GrainKeys.ForNamespace(memoryNamespace)).GetPolicyAsync();
        var queryVector = query.Mode == RecallMode.Keyword ? null : await QueryVectorAsync(query, policy);
        var keywordQuery = query.Mode == RecallMode.Vector || string.IsNullOrWhiteSpace(query.Text) ? null : query.Text;
        var filter = new SearchFilter { MemoryType = query.MemoryType, FieldsJson = query.FiltersJson, AsOf = query.AsOf };
        var decay = new RecallDecay(policy.ImportanceHalfLife, RecallDecay.DefaultRecencyHalfLife);
        var wanted = query.Offset + query.TopK;
        var candidateCount = Math.Clamp(wanted * CandidateFactor, MinimumCandidates, MaximumCandidates);

        for (var round = 0; ; round++)
        {
            var now = clock.GetUtcNow();
            var candidates = new List<SearchCandidate>();
            var vectorHits = 0;
            if (queryVector is not null)
            {
                var hits = await GrainFactory.GetGrain<INamespaceIndexGrain>(memoryNamespace).SearchAsync(queryVector, candidateCount);
                vectorHits = hits.Count;
                candidates.AddRange(await search.HydrateAsync(memoryNamespace, hits.Select(hit => hit.VectorId).ToArray(), keywordQuery, filter, now));
            }

            if (keywordQuery is not null)
            {
                candidates.AddRange(await search.KeywordSearchAsync(memoryNamespace, keywordQuery, candidateCount, filter, now));
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
