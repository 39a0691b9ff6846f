namespace SomaMemory.Embeddings;

/// <summary>
/// Turns texts into vectors for similarity search. Vectors from different <see cref="ModelId"/>s are not
/// comparable, so the model id is stored beside every vector and a namespace keeps one model and dimension.
/// </summary>
public interface IEmbeddingProvider
{
    /// <summary>Names the model and its version, e.g. "all-MiniLM-L6-v2" or "hash-v1-384".</summary>
    string ModelId { get; }

    int Dimension { get; }

    /// <summary>
    /// Returns one L2-normalised vector of <see cref="Dimension"/> floats per text, in the order given.
    /// Safe to call from many threads at once.
    /// </summary>
    Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}
