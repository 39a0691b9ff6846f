using SomaMemory.Memories;
using SomaMemory.Search;

namespace SomaMemory.Client;

/// <summary>The SDK's requests as Core's rule inputs, exactly the fields the gateway would receive.</summary>
internal static class WireInput
{
    public static StoreInput ForStore(NewMemory memory) => new()
    {
        Payload = memory.Payload,
        MemoryType = Kinds.Name(memory.Kind),
        Metadata = memory.Metadata,
        Importance = memory.Importance,
        TtlSeconds = memory.TimeToLive?.TotalSeconds,
        Text = memory.Text,
        Vector = memory.Vector?.ToArray(),
    };

    public static RecallInput ForSearch(MemorySearch search) => new()
    {
        Query = search.Query,
        TopK = search.TopK,
        Offset = search.Offset,
        MemoryType = search.Kind is { } kind ? Kinds.Name(kind) : null,
        Filters = search.Filters,
        Mode = ModeName(search.Mode),
        Vector = search.Vector?.ToArray(),
        MinScore = search.MinScore,
        HasWeights = search.Weights is not null,
        SimilarityWeight = search.Weights?.Similarity,
        KeywordWeight = search.Weights?.Keyword,
        ImportanceWeight = search.Weights?.Importance,
        RecencyWeight = search.Weights?.Recency,
        Fusion = search.Fusion switch
        {
            null => null,
            SearchFusion.ReciprocalRank => "rrf",
            _ => "weighted",
        },
        AsOf = search.AsOf,
    };

    public static string? ModeName(SearchMode? mode) => mode switch
    {
        null => null,
        SearchMode.Vector => "vector",
        SearchMode.Keyword => "keyword",
        _ => "hybrid",
    };
}
