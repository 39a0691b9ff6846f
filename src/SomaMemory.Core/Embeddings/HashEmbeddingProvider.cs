using System.Text;

namespace SomaMemory.Embeddings;

/// <summary>
/// A deterministic embedding by feature hashing: every lower-cased word, and every character trigram of it,
/// adds ±1 to a bucket chosen by its FNV-1a hash. Texts that share words share buckets and so score a higher
/// cosine; there is no notion of meaning beyond that. It exists for tests that must not depend on the model
/// and as an explicit opt-in; the vectors are identical on every machine and in every process.
/// </summary>
public sealed class HashEmbeddingProvider : IEmbeddingProvider
{
    public const int DefaultDimension = 384;
    public const int MinDimension = 8;
    public const int MaxDimension = 4096;

    // Whole words carry the signal; trigrams make "memory" and "memories" overlap but should not outweigh it.
    private const float WordWeight = 1.0f;
    private const float TrigramWeight = 0.5f;

    // Distinct prefixes keep the word "abc" and the trigram "abc" apart.
    private const byte WordTag = (byte)'w';
    private const byte TrigramTag = (byte)'t';

    private const ulong FnvOffsetBasis = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    public HashEmbeddingProvider(int dimension = DefaultDimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, MinDimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimension, MaxDimension);
        Dimension = dimension;
        ModelId = $"hash-v1-{dimension}";
    }

    public string ModelId { get; }

    public int Dimension { get; }

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = new float[texts.Count][];
        for (var index = 0; index < texts.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            vectors[index] = Embed(texts[index] ?? throw new ArgumentException($"Text {index} is null.", nameof(texts)));
        }

        return Task.FromResult(vectors);
    }

    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var vector = new float[Dimension];
        foreach (var word in Words(text))
        {
            Add(vector, Hash(WordTag, word), WordWeight);

            // Boundary marks make a word's first and last letters count as trigrams of their own.
            var marked = $"#{word}#";
            for (var start = 0; start + 3 <= marked.Length; start++)
            {
                Add(vector, Hash(TrigramTag, marked.AsSpan(start, 3)), TrigramWeight);
            }
        }

        // A text without words (or whose ±1s happen to cancel out) would give the zero vector, which has no
        // direction: its cosine is undefined and normalising it divides by zero. All such texts get the same
        // fixed unit vector instead, which keeps the "every vector has length 1" contract that indexes rely on.
        if (!UnitVector.TryNormalize(vector))
        {
            Array.Clear(vector);
            vector[0] = 1f;
        }

        return vector;
    }

    private void Add(float[] vector, ulong hash, float weight)
    {
        // The top bit picks the sign, so collisions cancel on average instead of piling up.
        var bucket = (int)((hash & long.MaxValue) % (ulong)Dimension);
        vector[bucket] += (hash >> 63) == 0 ? weight : -weight;
    }

    /// <summary>Maximal runs of letters and digits, lower-cased; everything else separates words.</summary>
    private static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                word.Append(Rune.ToLowerInvariant(rune).ToString());
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    /// <summary>64-bit FNV-1a of the tag byte followed by the UTF-8 bytes of <paramref name="characters"/>.</summary>
    private static ulong Hash(byte tag, ReadOnlySpan<char> characters)
    {
        var hash = (FnvOffsetBasis ^ tag) * FnvPrime;
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in characters.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(utf8);
            for (var index = 0; index < length; index++)
            {
                hash = (hash ^ utf8[index]) * FnvPrime;
            }
        }

        return hash;
    }
}
