using SomaMemory.Vectors;

namespace SomaMemory.Indexing;

/// <summary>Makes and loads the vector index of a namespace; the implementation decides exact or HNSW.</summary>
public interface IVectorIndexFactory
{
    IVectorIndex Create(int dimension);

    /// <summary>Loads a saved index; throws <see cref="VectorIndexFileException"/> when it is missing, corrupt or of another dimension.</summary>
    IVectorIndex Load(string path, int dimension);
}
