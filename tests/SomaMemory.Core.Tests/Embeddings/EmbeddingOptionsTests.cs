using System.ComponentModel.DataAnnotations;
using SomaMemory.Embeddings;

namespace SomaMemory.Core.Tests.Embeddings;

public sealed class EmbeddingOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_choose_the_model()
    {
        var options = new EmbeddingOptions();

        Assert.True(IsValid(options));
        Assert.Equal("onnx", options.Provider);
        Assert.Equal(1, options.IntraOpThreads);
        Assert.Equal(384, options.HashDimension);
        Assert.Null(options.ModelPath);
    }

    [Theory]
    [InlineData("hash", 1, 384, true)]
    [InlineData("random", 1, 384, false)]
    [InlineData("", 1, 384, false)]
    [InlineData("onnx", 0, 384, false)]
    [InlineData("hash", 1, 4, false)]
    public void Values_are_validated(string provider, int threads, int hashDimension, bool valid) =>
        Assert.Equal(valid, IsValid(new EmbeddingOptions { Provider = provider, IntraOpThreads = threads, HashDimension = hashDimension }));

    private static bool IsValid(EmbeddingOptions options) =>
        Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true);
}
