using System.Numerics.Tensors;
using SomaMemory.Indexing;

namespace SomaMemory.Grains.Memories;

/// <summary>The embedding an import brings: checked like a client's vector, and kept bit for bit when already unit length.</summary>
public static class ImportedEmbedding
{
    /// <summary>Far above float32 rounding of a unit vector's norm, far below any vector that was never normalised.</summary>
    private const float UnitTolerance = 1e-5f;

    public static float[] Prepare(float[] embedding, int dimension)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        var normalised = ClientVectors.Normalise(embedding, dimension, "embedding");
        // An exported embedding is already normalised; scaling it again would change its last bits, and an export of
        // the imported namespace would no longer equal the original.
        return Math.Abs(TensorPrimitives.Norm<float>(embedding) - 1f) <= UnitTolerance ? embedding : normalised;
    }
}
