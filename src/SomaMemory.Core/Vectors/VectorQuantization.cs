namespace SomaMemory.Vectors;

/// <summary>How the HNSW index stores each dimension. The exact index always keeps float32.</summary>
public enum VectorQuantization
{
    /// <summary>Half precision: half the memory of float32 and, measured on 384-d embeddings, the same recall.</summary>
    F16 = 0,

    /// <summary>Full precision.</summary>
    F32 = 1,
}
