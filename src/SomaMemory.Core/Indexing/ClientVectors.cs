using SomaMemory.Embeddings;

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

        for (var i = 0; i < vector.Count; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                throw new ArgumentException($"{field} holds a value that is not a finite number (at {i}).", field);
            }
        }

        var normalised = vector.ToArray();
        if (!UnitVector.TryNormalize(normalised))
        {
            throw new ArgumentException($"{field} has no direction to compare: it is all zeros, or too large to scale to unit length.", field);
        }

        return normalised;
    }
}
