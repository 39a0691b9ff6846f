using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SomaMemory.Embeddings;

/// <summary>
/// Chooses the text that represents a memory for embedding: what the client named explicitly, else the
/// payload's "text", else its "content", else the whole payload as canonical JSON.
/// </summary>
public static class EmbeddingText
{
    /// <summary>
    /// The longest text returned. all-MiniLM-L6-v2 reads only its first 256 tokens (roughly 1,000 to 1,500
    /// characters of English), so anything past this cap cannot change an embedding; it only bounds the
    /// tokenising and hashing work that a huge payload would otherwise cost.
    /// </summary>
    public const int MaxLength = 8192;

    private static readonly JsonWriterOptions CanonicalWriterOptions = new()
    {
        // The text goes to a tokenizer, not a browser: keep "café" as it is rather than "caf\u00e9".
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static string Select(string? explicitText, string payloadJson)
    {
        ArgumentNullException.ThrowIfNull(payloadJson);
        if (!string.IsNullOrWhiteSpace(explicitText))
        {
            return Cap(explicitText);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payloadJson);
        }
        catch (JsonException exception)
        {
            throw new ArgumentException("The payload is not valid JSON.", nameof(payloadJson), exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (TryGetText(root, "text", out var text) || TryGetText(root, "content", out text))
            {
                return Cap(text);
            }

            return Cap(Canonicalize(root));
        }
    }

    /// <summary>
    /// The JSON with object keys sorted ordinally at every depth and no whitespace, so equal payloads written
    /// in a different key order give the same text (and the same embedding). Numbers keep their original
    /// spelling: reformatting them could change what a client considers the value.
    /// </summary>
    public static string Canonicalize(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CanonicalWriterOptions))
        {
            Write(writer, element);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static bool TryGetText(JsonElement root, string name, out string text)
    {
        text = string.Empty;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty(name, out var property)
            || property.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        text = property.GetString()!;
        return !string.IsNullOrWhiteSpace(text);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();

                // OrderBy is stable, so duplicate keys (legal JSON, if unwise) keep their relative order.
                foreach (var property in element.EnumerateObject().OrderBy(property => property.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(element.GetRawText(), skipInputValidation: true);
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                writer.WriteBooleanValue(element.GetBoolean());
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>Cuts to <see cref="MaxLength"/>, never between the two halves of a surrogate pair.</summary>
    private static string Cap(string text)
    {
        if (text.Length <= MaxLength)
        {
            return text;
        }

        var length = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return text[..length];
    }
}
