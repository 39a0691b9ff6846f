namespace SomaMemory.Vectors;

/// <summary>Argument checks shared by every index, so they all refuse the same inputs with the same exceptions.</summary>
internal static class VectorArguments
{
    /// <summary>Checks a whole batch before any of it is applied, so a bad vector cannot leave half a batch behind.</summary>
    public static void CheckBatch(ReadOnlySpan<ulong> keys, IReadOnlyList<float[]> vectors, int dimension)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (keys.Length != vectors.Count)
        {
            throw new ArgumentException($"{keys.Length} keys were given with {vectors.Count} vectors.", nameof(vectors));
        }

        for (var i = 0; i < vectors.Count; i++)
        {
            var vector = vectors[i] ?? throw new ArgumentException($"Vector {i} is null.", nameof(vectors));
            if (vector.Length != dimension)
            {
                throw new ArgumentException(
                    $"Vector {i} (key {keys[i]}) has {vector.Length} dimensions; this index holds {dimension}.", nameof(vectors));
            }
        }
    }

    public static void CheckQuery(ReadOnlySpan<float> query, int k, int dimension)
    {
        if (query.Length != dimension)
        {
            throw new ArgumentException($"The query has {query.Length} dimensions; this index holds {dimension}.", nameof(query));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(k);
    }

    public static void CheckDimension(int dimension) => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);

    /// <summary>Float rounding (and f16 storage) can put a cosine a hair outside [-1, 1]; callers are promised that range.</summary>
    public static float ClampSimilarity(float similarity) => Math.Clamp(similarity, -1f, 1f);
}
