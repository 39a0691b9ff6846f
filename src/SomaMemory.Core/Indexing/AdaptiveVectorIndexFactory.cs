using Microsoft.Extensions.Options;
using SomaMemory.Vectors;

namespace SomaMemory.Indexing;

/// <summary>Indexes that scan exactly while small and switch to USearch HNSW past the configured size.</summary>
public sealed class AdaptiveVectorIndexFactory(IOptions<VectorIndexOptions> options) : IVectorIndexFactory
{
    public IVectorIndex Create(int dimension) => AdaptiveVectorIndex.Create(dimension, options.Value);

    public IVectorIndex Load(string path, int dimension) =>
        AdaptiveVectorIndex.Load(path, dimension, options.Value)
        ?? throw new VectorIndexFileException($"No index has been saved at {path} yet.");
}
