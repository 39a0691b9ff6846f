using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SomaMemory.Gateway.Http;

/// <summary>
/// Reads a <c>vector</c> either as SFM's array of numbers or as a base64 string of little-endian float32 values, the
/// encoding OpenAI's embeddings API returns with <c>encoding_format: "base64"</c>. A 384-d vector is about 4.7 KB as
/// numbers and 2 KB as base64, and decoding it costs a fraction of parsing 384 decimal numbers, which was the largest
/// single cost of a bulk store with client vectors.
/// </summary>
public sealed class VectorJsonConverter : JsonConverter<float[]>
{
    private const int BytesPerValue = sizeof(float);

    public override float[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            // The array form, exactly as without this converter: the property's converter is not in the options.
            return JsonSerializer.Deserialize<float[]>(ref reader, options);
        }

        if (!reader.TryGetBytesFromBase64(out var bytes))
        {
            throw new VectorFormatException("is neither an array of numbers nor valid base64.");
        }

        if (bytes.Length % BytesPerValue != 0)
        {
            throw new VectorFormatException($"is {bytes.Length} bytes of base64, not a whole number of float32 values (4 bytes each).");
        }

        var vector = new float[bytes.Length / BytesPerValue];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * BytesPerValue));
        }

        return vector;
    }

    public override void Write(Utf8JsonWriter writer, float[] value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartArray();
        foreach (var component in value)
        {
            writer.WriteNumberValue(component);
        }

        writer.WriteEndArray();
    }
}

/// <summary>A base64 vector that does not decode to float32 values.</summary>
/// <param name="detail">Completes "the field …"; kept apart from the message, to which the serializer may add its path.</param>
public sealed class VectorFormatException(string detail) : JsonException(detail)
{
    public string Detail { get; } = detail;
}
