using SomaMemory.Embeddings;

namespace SomaMemory.Core.Tests.Embeddings;

/// <summary>
/// The real all-MiniLM-L6-v2. No reference vectors can be computed here without the same code, so these
/// check properties that a wrong tokenisation, pooling or normalisation would break.
/// </summary>
[Collection(MiniLmSharedModel.Name)]
public sealed class OnnxMiniLmEmbeddingProviderTests(MiniLmFixture fixture)
{
    private const string Cat = "A cat is sitting on the mat";
    private const string Kitten = "A kitten rests on a rug";
    private const string Stocks = "The stock market fell sharply today";

    private readonly OnnxMiniLmEmbeddingProvider _provider = fixture.Provider;

    [Fact]
    public void It_names_the_model_and_its_dimension()
    {
        Assert.Equal("all-MiniLM-L6-v2", _provider.ModelId);
        Assert.Equal(384, _provider.Dimension);
    }

    [Fact]
    public async Task Every_vector_has_384_dimensions_and_unit_length()
    {
        var vectors = await _provider.EmbedAsync(["hello world", Cat, "", "   ", "🙂 émoji and ünïcödé"]);

        Assert.Equal(5, vectors.Length);
        Assert.All(vectors, vector => VectorAssert.UnitLength(vector, 384));
    }

    [Fact]
    public async Task The_same_text_gives_the_same_vector_every_time()
    {
        var first = await _provider.EmbedAsync(["hello world"]);
        var second = await _provider.EmbedAsync(["hello world"]);

        Assert.Equal(first[0], second[0]);
    }

    [Fact]
    public async Task Different_texts_give_different_vectors()
    {
        var vectors = await _provider.EmbedAsync(["hello world", "goodbye moon"]);

        Assert.True(VectorAssert.Cosine(vectors[0], vectors[1]) < 0.9f);
    }

    [Fact]
    public async Task A_batch_gives_the_vectors_that_single_calls_give()
    {
        string[] texts = [Cat, Kitten, Stocks, "", "short", string.Join(' ', Enumerable.Repeat("padding matters here", 30))];

        var batch = await _provider.EmbedAsync(texts);

        for (var index = 0; index < texts.Length; index++)
        {
            var single = await _provider.EmbedAsync([texts[index]]);
            VectorAssert.Close(single[0], batch[index], 1e-5f);
        }
    }

    [Fact]
    public async Task More_texts_than_one_run_takes_come_back_in_order()
    {
        var texts = Enumerable.Range(0, 70).Select(index => $"sentence number {index} {new string('x', index % 7)}").ToArray();

        var batch = await _provider.EmbedAsync(texts);

        foreach (var index in new[] { 0, 31, 32, 33, 69 })
        {
            var single = await _provider.EmbedAsync([texts[index]]);
            VectorAssert.Close(single[0], batch[index], 1e-5f);
        }
    }

    [Fact]
    public async Task Similar_sentences_score_clearly_higher_than_unrelated_ones()
    {
        var vectors = await _provider.EmbedAsync([Cat, Kitten, Stocks]);

        var similar = VectorAssert.Cosine(vectors[0], vectors[1]);
        var unrelated = VectorAssert.Cosine(vectors[0], vectors[2]);
        Assert.True(similar > unrelated + 0.3f, $"cat~kitten {similar}, cat~stocks {unrelated}");
    }

    /// <summary>
    /// The one reference this machine can check against: the sentence-transformers documentation prints the
    /// cosine similarities of these three sentences under all-MiniLM-L6-v2, to four decimals (1.0000, 0.6660,
    /// 0.1046 / 0.1411). Matching them to 5e-4 means tokeniser, model, pooling and normalisation all agree
    /// with the reference implementation.
    /// </summary>
    [Fact]
    public async Task It_reproduces_the_similarities_published_by_sentence_transformers()
    {
        var vectors = await _provider.EmbedAsync(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]);

        Assert.Equal(0.6660, VectorAssert.Cosine(vectors[0], vectors[1]), 0.0005);
        Assert.Equal(0.1046, VectorAssert.Cosine(vectors[0], vectors[2]), 0.0005);
        Assert.Equal(0.1411, VectorAssert.Cosine(vectors[1], vectors[2]), 0.0005);
    }

    [Fact]
    public async Task Case_does_not_matter()
    {
        var vectors = await _provider.EmbedAsync(["Hello World", "hello world", "HELLO WORLD"]);

        VectorAssert.Close(vectors[1], vectors[0], 1e-6f);
        VectorAssert.Close(vectors[1], vectors[2], 1e-6f);
    }

    [Fact]
    public async Task Accents_are_stripped_as_BERT_uncased_does_even_without_ICU()
    {
        var vectors = await _provider.EmbedAsync(
            ["Crème brûlée at the café, Ȳ", "Creme brulee at the cafe, Y", "Cre\u0300me brule\u0301e at the cafe\u0301, Y"]);

        VectorAssert.Close(vectors[1], vectors[0], 1e-6f);
        VectorAssert.Close(vectors[1], vectors[2], 1e-6f);
    }

    [Fact]
    public async Task A_long_text_is_truncated_so_what_follows_the_first_256_tokens_does_not_count()
    {
        var words = string.Join(' ', Enumerable.Range(0, 5_000).Select(index => $"word{index % 50}"));

        var vectors = await _provider.EmbedAsync([words, words + " but the ending is about stock markets", words[..3000]]);

        VectorAssert.UnitLength(vectors[0], 384);
        VectorAssert.Close(vectors[0], vectors[1], 1e-5f);
        VectorAssert.Close(vectors[0], vectors[2], 1e-5f);
    }

    [Fact]
    public async Task Parallel_calls_give_the_vectors_of_sequential_calls()
    {
        var texts = Enumerable.Range(0, 8).Select(index => $"parallel request {index} asks about memories and grids").ToArray();
        var sequential = new List<float[]>();
        foreach (var text in texts)
        {
            sequential.Add((await _provider.EmbedAsync([text]))[0]);
        }

        var parallel = await Task.WhenAll(texts.Select(text => Task.Run(() => _provider.EmbedAsync([text]))));

        for (var index = 0; index < texts.Length; index++)
        {
            Assert.Equal(sequential[index], parallel[index][0]);
        }
    }

    [Fact]
    public async Task No_texts_give_no_vectors() => Assert.Empty(await _provider.EmbedAsync([]));

    [Fact]
    public async Task A_cancelled_request_is_not_run()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _provider.EmbedAsync(["hello"], cancellation.Token));
    }

    [Fact]
    public async Task A_null_text_is_refused() =>
        await Assert.ThrowsAsync<ArgumentException>(() => _provider.EmbedAsync(["fine", null!]));
}
