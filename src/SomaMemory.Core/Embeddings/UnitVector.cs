using System.Numerics.Tensors;

namespace SomaMemory.Embeddings;

internal static class UnitVector
{
    /// <summary>
    /// Scales <paramref name="vector"/> to length 1. Returns false, leaving it unchanged, when it is all zeros
    /// (or too close to zero to have a direction), so that the caller decides what such a vector means.
    /// </summary>
    public static bool TryNormalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (!(norm > 1e-12f) || !float.IsFinite(norm))
        {
            return false;
        }

        TensorPrimitives.Divide(vector, norm, vector);
        return true;
    }
}
