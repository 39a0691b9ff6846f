using SomaMemory.Contracts;
using SomaMemory.Embeddings;
using SomaMemory.Grains.Recall;
using SomaMemory.Memories;

namespace SomaMemory.Grains.Bulk;

/// <summary>Embeds, in batches, the bulk items that brought no vector.</summary>
internal static class BulkEmbedding
{
    /// <summary>Texts per model run: big enough to amortise a run, small enough to keep its padding cheap.</summary>
    private const int Batch = 32;

    /// <summary>The items with every vector filled in; items that cannot be embedded become errors and are left out.</summary>
    public static async Task<IReadOnlyList<BulkItem>> FillAsync(IEmbeddingProvider provider, NamespacePolicy policy, IReadOnlyList<BulkItem> items, List<BulkError> errors)
    {
        var needEmbedding = items.Where(item => item.Command.Vector is null).ToArray();
        if (needEmbedding.Length == 0)
        {
            return items;
        }

        try
        {
            ModelFit.Ensure(provider, policy);
        }
        catch (ArgumentException exception)
        {
            errors.AddRange(needEmbedding.Select(item => new BulkError(item.Index, ValidationMessages.Describe(exception))));
            return items.Where(item => item.Command.Vector is not null).ToArray();
        }

        var embedded = new Dictionary<int, BulkItem>();
        foreach (var chunk in needEmbedding.Chunk(Batch))
        {
            var vectors = await provider.EmbedAsync(chunk.Select(item => EmbeddingText.Select(item.Command.Text, item.Command.PayloadJson)).ToArray());
            for (var i = 0; i < chunk.Length; i++)
            {
                embedded[chunk[i].Index] = chunk[i] with { Command = chunk[i].Command with { Vector = vectors[i], VectorModel = provider.ModelId } };
            }
        }

        return items.Select(item => embedded.GetValueOrDefault(item.Index, item)).ToArray();
    }
}
