namespace SomaMemory.Vectors;

/// <summary>
/// A nearest-neighbour index over fixed-dimension embeddings, keyed by caller-chosen ids (Postgres row ids).
/// The index is derived state: Postgres holds the vectors, so any index can be rebuilt from it.
/// </summary>
/// <remarks>
/// Every member is safe to call concurrently with every other, except <see cref="IDisposable.Dispose"/>.
/// Vectors are L2-normalised by the caller; similarity is cosine, so higher is better.
/// </remarks>
public interface IVectorIndex : IDisposable
{
    /// <summary>The length every vector and query must have.</summary>
    int Dimension { get; }

    /// <summary>The number of distinct keys held.</summary>
    long Count { get; }

    /// <summary>
    /// Inserts or replaces: a key already present has its vector replaced, never duplicated. Within one batch
    /// the last occurrence of a key wins. The whole batch is validated before anything changes.
    /// </summary>
    /// <exception cref="ArgumentException">The counts differ, or a vector has the wrong dimension.</exception>
    void Upsert(ReadOnlySpan<ulong> keys, IReadOnlyList<float[]> vectors);

    /// <summary>Removes the keys; keys that are not present are ignored.</summary>
    void Delete(ReadOnlySpan<ulong> keys);

    bool Contains(ulong key);

    /// <summary>
    /// The <paramref name="k"/> most similar vectors, best first, with cosine similarity in [-1, 1]. Asking for more
    /// than <see cref="Count"/> returns <see cref="Count"/> matches; an empty index returns none.
    /// </summary>
    /// <exception cref="ArgumentException">The query has the wrong dimension, or <paramref name="k"/> is negative.</exception>
    IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int k);

    /// <summary>
    /// Writes the index to <paramref name="path"/> atomically: a temporary file beside it is written, flushed to disk
    /// and renamed over the target, so a crash leaves either the old file or the new one.
    /// </summary>
    void Save(string path);
}
