using System.Runtime.InteropServices;

namespace SomaMemory.Indexing;

/// <summary>
/// Embeddings as stored in Postgres: float32 in the machine's byte order, which is little-endian on every platform
/// .NET runs the grid on (x64, arm64). Four bytes a dimension, no header: the model column says what it is.
/// </summary>
public static class EmbeddingBytes
{
    public static byte[] ToBytes(ReadOnlySpan<float> vector) => MemoryMarshal.AsBytes(vector).ToArray();

    public static float[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % sizeof(float) != 0)
        {
            throw new ArgumentException($"An embedding of {bytes.Length} bytes is not a whole number of float32 values.", nameof(bytes));
        }

        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }
}
