using SomaMemory.Contracts;
using SomaMemory.Embeddings;

namespace SomaMemory.Grains.Recall;

/// <summary>The grid's model can only embed for a namespace whose vectors have the model's dimension.</summary>
internal static class ModelFit
{
    public static void Ensure(IEmbeddingProvider provider, NamespacePolicy policy)
    {
        if (provider.Dimension != policy.VectorDimension)
        {
            throw new ArgumentException(
                $"This namespace holds vectors of {policy.VectorDimension} dimensions but the grid's model ({provider.ModelId}) makes {provider.Dimension}; send vectors.");
        }
    }
}
