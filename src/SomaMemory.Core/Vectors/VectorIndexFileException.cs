namespace SomaMemory.Vectors;

/// <summary>
/// A saved index file exists but cannot be used: it is truncated or corrupt, is not an index file, or was built with
/// a different dimension or quantization. The index is derived state, so the remedy is to rebuild it from Postgres.
/// </summary>
public sealed class VectorIndexFileException : IOException
{
    public VectorIndexFileException()
    {
    }

    public VectorIndexFileException(string message)
        : base(message)
    {
    }

    public VectorIndexFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
