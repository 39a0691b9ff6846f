using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SomaMemory.Embeddings;
using SomaMemory.Grains.Recall;
using SomaMemory.Indexing;
using SomaMemory.Vectors;

namespace SomaMemory.Silo.Hosting;

public static class RecallServiceExtensions
{
    /// <summary>
    /// Embeddings, the vector index factory and indexing options. The embedding provider is chosen by configuration:
    /// ONNX MiniLM by default, the hash provider only when asked for; a missing model fails loudly, never falls back.
    /// </summary>
    public static IServiceCollection AddSomaRecall(this IServiceCollection services)
    {
        services.AddOptions<EmbeddingOptions>()
            .BindConfiguration(EmbeddingOptions.SectionName)
            .ValidateDataAnnotations()
            // The model loads on first use, so a wrong path must stop the start rather than fail every store later.
            .Validate(
                options => options.Provider != EmbeddingOptions.OnnxProvider || File.Exists(options.ModelPath ?? OnnxMiniLmEmbeddingProvider.DefaultModelPath),
                $"The ONNX model file was not found (Soma:Embeddings:ModelPath, default {OnnxMiniLmEmbeddingProvider.DefaultModelPath}).")
            .ValidateOnStart();
        services.AddOptions<VectorIndexOptions>().BindConfiguration(VectorIndexOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IndexingOptions>().BindConfiguration(IndexingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // Created on first use: the ONNX model costs about half a second and 600 MB, which a silo that never
        // embeds (client vectors only) need not pay at start.
        services.AddSingleton<IEmbeddingProvider>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
            return options.Provider == EmbeddingOptions.HashProvider
                ? new HashEmbeddingProvider(options.HashDimension)
                : new OnnxMiniLmEmbeddingProvider(options);
        });
        services.AddSingleton<QueryEmbeddingBatcher>();
        services.AddSingleton<IVectorIndexFactory, AdaptiveVectorIndexFactory>();
        return services;
    }
}
