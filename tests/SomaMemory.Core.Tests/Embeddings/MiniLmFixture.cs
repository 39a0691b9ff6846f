using SomaMemory.Embeddings;

namespace SomaMemory.Core.Tests.Embeddings;

/// <summary>
/// One model for all ONNX tests: a session takes about half a second and a few hundred megabytes. It loads
/// from the default path, so every run also checks that the build copied the model beside the tests.
/// </summary>
public sealed class MiniLmFixture : IDisposable
{
    public OnnxMiniLmEmbeddingProvider Provider { get; } = new();

    public void Dispose() => Provider.Dispose();
}

[CollectionDefinition(Name)]
public sealed class MiniLmSharedModel : ICollectionFixture<MiniLmFixture>
{
    public const string Name = "MiniLM model";
}
