namespace SomaMemory.Indexing;

/// <summary>
/// Checks and normalises vectors that clients send, for stores and for queries. The index compares by inner
/// product, which equals cosine only on unit vectors, so every vector is normalised once, here.
/// </summary>
public static class ClientVectors
{
    /// <summary>The model id stored with embeddings that a client gave instead of the grid's model.</summary>
    public const string ClientModel = "client";

    public static float[] Normalise(IReadOnlyList<float> vector, int expectedDimension, string field)
    {
        ArgumentNullException.ThrowIfNull(vector);
        if (vector.Count != expectedDimension)
        {
            throw new ArgumentException($"{field} has {vector.Count} dimensions; this namespace holds vectors of {expectedDimension}.", field);
        }

        var sumOfSquares = 0.0;
        for (var i = 0; i < vector.Count; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                throw new ArgumentException($"{field} holds a value that is not a finite number (at {i}).", field);
            }

            sumOfSquares += (double)vector[i] * vector[i];
        }

        if (sumOfSquares == 0)
        {
            throw new ArgumentException($"{field} is all zeros; it has no direction to compare.", field);
        }

        var scale = 1 / Math.Sqrt(sumOfSquares);
        var normalised = new float[vector.Count];
        for (var i = 0; i < vector.Count; i++)
        {
            normalised[i] = (float)(vector[i] * scale);
        }

        return normalised;
    }
}
