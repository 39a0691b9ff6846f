using SomaMemory.Embeddings;

namespace SomaMemory.Core.Tests.Embeddings;

public sealed class HashEmbeddingProviderTests
{
    private readonly HashEmbeddingProvider _provider = new();

    [Fact]
    public void It_names_the_scheme_and_the_dimension()
    {
        Assert.Equal("hash-v1-384", _provider.ModelId);
        Assert.Equal(384, _provider.Dimension);
        Assert.Equal("hash-v1-64", new HashEmbeddingProvider(64).ModelId);
    }

    [Fact]
    public async Task Vectors_have_the_configured_dimension_and_unit_length()
    {
        var provider = new HashEmbeddingProvider(64);

        var vectors = await provider.EmbedAsync(["one", "two words", "a somewhat longer sentence about grids"]);

        Assert.All(vectors, vector => VectorAssert.UnitLength(vector, 64));
    }

    [Fact]
    public async Task Two_instances_give_identical_vectors()
    {
        var first = await new HashEmbeddingProvider().EmbedAsync(["The quick brown fox"]);
        var second = await new HashEmbeddingProvider().EmbedAsync(["The quick brown fox"]);

        Assert.Equal(first[0], second[0]);
    }

    /// <summary>
    /// The vector of "Cat" as the scheme defines it, computed independently (a few lines of Python doing
    /// FNV-1a by hand): the word "cat" with weight 1 and the trigrams "#ca", "cat", "at#" with weight 0.5.
    /// Stored vectors depend on this staying the same; a change needs a new model id.
    /// </summary>
    [Fact]
    public void The_scheme_is_pinned()
    {
        var vector = _provider.Embed("Cat");

        var expected = new float[384];
        expected[79] = -0.37796447f;
        expected[250] = 0.75592895f;
        expected[261] = -0.37796447f;
        expected[264] = -0.37796447f;
        VectorAssert.Close(expected, vector, 1e-6f);
    }

    [Fact]
    public void The_scheme_is_pinned_at_another_dimension_too()
    {
        var vector = new HashEmbeddingProvider(64).Embed("Soma memory");

        var large = 0.21320072f;
        var expected = new float[64];
        foreach (var bucket in new[] { 0, 16, 23, 30, 33, 54, 55 })
        {
            expected[bucket] = large;
        }

        expected[22] = -large;
        expected[38] = -large;
        expected[17] = -2 * large;
        expected[50] = -3 * large;
        VectorAssert.Close(expected, vector, 1e-6f);
    }

    [Fact]
    public async Task Texts_sharing_words_score_higher_than_unrelated_texts()
    {
        var vectors = await _provider.EmbedAsync(
            ["the cat sat on the mat", "a cat sat on a rug", "quarterly revenue grew strongly"]);

        Assert.True(VectorAssert.Cosine(vectors[0], vectors[1]) > VectorAssert.Cosine(vectors[0], vectors[2]) + 0.2f);
    }

    [Fact]
    public void More_shared_words_score_higher()
    {
        var query = _provider.Embed("orleans memory grid");

        var three = VectorAssert.Cosine(query, _provider.Embed("the orleans memory grid"));
        var two = VectorAssert.Cosine(query, _provider.Embed("the orleans memory store"));
        var one = VectorAssert.Cosine(query, _provider.Embed("the orleans key store"));

        Assert.True(three > two && two > one, $"{three} > {two} > {one}");
    }

    [Fact]
    public void Case_and_punctuation_do_not_matter() =>
        Assert.Equal(_provider.Embed("hello world"), _provider.Embed("Hello, WORLD!"));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!., -- ...")]
    public void A_text_without_words_gives_the_fixed_unit_vector(string text)
    {
        var vector = _provider.Embed(text);

        Assert.Equal(1f, vector[0]);
        Assert.All(vector.Skip(1), value => Assert.Equal(0f, value));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(4097)]
    public void Dimensions_out_of_range_are_refused(int dimension) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new HashEmbeddingProvider(dimension));

    [Fact]
    public async Task A_cancelled_request_is_not_run()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _provider.EmbedAsync(["hello"], cancellation.Token));
    }
}
