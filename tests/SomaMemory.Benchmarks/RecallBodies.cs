using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace SomaMemory.Benchmarks;

/// <summary>
/// The JSON bodies of the recall scenario, written with <see cref="Utf8JsonWriter"/>: it formats each float as the
/// shortest text that reads back to the same float, so the gateway stores exactly the vectors the exact neighbours
/// were computed from.
/// </summary>
internal static class RecallBodies
{
    public const int TopK = 10;

    /// <summary>Memory i sits at coordinate "i,0", so a search hit's first coordinate names its vector.</summary>
    public static string Coordinate(int index) => string.Create(CultureInfo.InvariantCulture, $"{index},0");

    /// <summary><c>{items:[{coord, payload:{text, i}, vector}]}</c> for memories <paramref name="start"/> onwards.</summary>
    public static byte[] BulkWithVectors(float[][] vectors, int start, int count, bool base64)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        return Write(writer =>
        {
            writer.WriteStartArray("items");
            for (var index = start; index < start + count; index++)
            {
                writer.WriteStartObject();
                writer.WriteString("coord", Coordinate(index));
                WritePayload(writer, string.Create(CultureInfo.InvariantCulture, $"recall benchmark memory {index}"), index);
                WriteVector(writer, vectors[index], base64);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    /// <summary><c>{items:[{coord, payload:{text, i}}]}</c>: no vectors, so the gateway embeds each text.</summary>
    public static byte[] BulkWithTexts(string[] texts, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Write(writer =>
        {
            writer.WriteStartArray("items");
            for (var index = start; index < start + count; index++)
            {
                writer.WriteStartObject();
                writer.WriteString("coord", Coordinate(index));
                WritePayload(writer, texts[index], index);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    /// <summary><c>{vector, mode:"vector", top_k}</c>.</summary>
    public static byte[] VectorSearch(float[] vector, bool base64) => Write(writer =>
    {
        WriteVector(writer, vector, base64);
        WriteSearchMode(writer);
    });

    /// <summary>An array of numbers, or the float32 values' little-endian bytes as base64, which the gateway also reads.</summary>
    private static void WriteVector(Utf8JsonWriter writer, float[] vector, bool base64)
    {
        if (base64)
        {
            var bytes = new byte[vector.Length * sizeof(float)];
            for (var i = 0; i < vector.Length; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
            }

            writer.WriteBase64String("vector", bytes);
            return;
        }

        writer.WriteStartArray("vector");
        foreach (var component in vector)
        {
            writer.WriteNumberValue(component);
        }

        writer.WriteEndArray();
    }

    /// <summary><c>{query, mode:"vector", top_k}</c>: the gateway embeds the query, then searches as above.</summary>
    public static byte[] TextSearch(string query) => Write(writer =>
    {
        writer.WriteString("query", query);
        WriteSearchMode(writer);
    });

    private static void WritePayload(Utf8JsonWriter writer, string text, int index)
    {
        writer.WriteStartObject("payload");
        writer.WriteString("text", text);
        writer.WriteNumber("i", index);
        writer.WriteEndObject();
    }

    private static void WriteSearchMode(Utf8JsonWriter writer)
    {
        writer.WriteString("mode", "vector");
        writer.WriteNumber("top_k", TopK);
    }

    /// <summary>One JSON object whose members <paramref name="members"/> writes; the graph scenario's bodies use it too.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
