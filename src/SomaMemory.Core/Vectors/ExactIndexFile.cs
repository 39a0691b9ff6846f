using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SomaMemory.Vectors;

/// <summary>
/// The exact index's file format. All fields little-endian:
/// <code>
///  0  8 bytes  magic "SOMAVEXA"
///  8  u32      format version (1)
/// 12  u32      dimension
/// 16  u64      count
/// 24  count × u64              keys, in slot order
///     count × dimension × f32  vectors, in slot order
/// </code>
/// No checksum: a file whose length is not exactly what the header implies is refused, which catches truncation,
/// and the index is derived state, so a file that reads badly is rebuilt from Postgres rather than repaired.
/// </summary>
internal static class ExactIndexFile
{
    public const int HeaderSize = 24;
    private const uint Version = 1;

    /// <summary>"SOMAVEXA" — also how the adaptive index tells this format from a USearch file.</summary>
    public static ReadOnlySpan<byte> Magic => "SOMAVEXA"u8;

    public static void Write(string path, int dimension, ReadOnlySpan<ulong> keys, ReadOnlySpan<float> vectors)
    {
        ThrowIfBigEndian();
        Span<byte> header = stackalloc byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)dimension);
        BinaryPrimitives.WriteUInt64LittleEndian(header[16..], (ulong)keys.Length);

        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        stream.Write(header);
        stream.Write(MemoryMarshal.AsBytes(keys));
        stream.Write(MemoryMarshal.AsBytes(vectors));
    }

    public static bool HasMagic(ReadOnlySpan<byte> start) => start.StartsWith(Magic);

    /// <exception cref="VectorIndexFileException">Not this format, another version or dimension, or truncated.</exception>
    public static (ulong[] Keys, float[] Vectors, int Count) Read(string path, int dimension)
    {
        ThrowIfBigEndian();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        Span<byte> header = stackalloc byte[HeaderSize];
        if (stream.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize || !HasMagic(header))
        {
            throw new VectorIndexFileException($"'{path}' is not an exact vector index file.");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        var fileDimension = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        var count = BinaryPrimitives.ReadUInt64LittleEndian(header[16..]);
        if (version != Version)
        {
            throw new VectorIndexFileException($"'{path}' is exact index format version {version}; this build reads {Version}.");
        }

        if (fileDimension != (uint)dimension)
        {
            throw new VectorIndexFileException($"'{path}' holds {fileDimension}-dimensional vectors; {dimension} were expected.");
        }

        // Checked against the file's real length before allocating, so a corrupt count cannot ask for terabytes.
        var rowBytes = sizeof(ulong) + ((ulong)dimension * sizeof(float));
        var available = (ulong)(stream.Length - HeaderSize);
        if (count > available / rowBytes || count * rowBytes != available || count > int.MaxValue)
        {
            throw new VectorIndexFileException($"'{path}' is truncated or corrupt: its header says {count} vectors, its length does not.");
        }

        var keys = new ulong[(int)count];
        var vectors = new float[checked((int)count * dimension)];
        stream.ReadExactly(MemoryMarshal.AsBytes(keys.AsSpan()));
        stream.ReadExactly(MemoryMarshal.AsBytes(vectors.AsSpan()));
        return (keys, vectors, (int)count);
    }

    // Vectors and keys are written as raw memory; every platform the grid runs on (x64, arm64) is little-endian.
    private static void ThrowIfBigEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Vector index files are little-endian; this machine is not.");
        }
    }
}
