using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using SomaMemory.Contracts;
using SomaMemory.Coordinates;
using SomaMemory.Indexing;
using SomaMemory.Memories;

namespace SomaMemory.Gateway.Http;

/// <summary>A memory line, ready for its node grain.</summary>
public sealed record MemoryLine(string CoordinateKey, ImportedMemory Memory);

/// <summary>A link line, ready for the node grain of its source.</summary>
public sealed record LinkLine(string FromKey, LinkCommand Command);

/// <summary>
/// Reads one line of an import: the export's format, dispatched on <c>kind</c>. Fields the format does not know
/// (such as <c>cursor</c>) are ignored; a missing or wrong field is an error that names it.
/// </summary>
public static class ImportLineParser
{
    public static bool TryParse(byte[] line, out object? parsed, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(line);
        parsed = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException exception)
        {
            error = $"The line is not valid JSON (byte {exception.BytePositionInLine + 1}).";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The line must be a JSON object.";
                return false;
            }

            // Each reader throws InvalidDataException with the message the client sees; it never leaves this class.
            try
            {
                parsed = Kind(root) switch
                {
                    "memory" => ReadMemory(root),
                    "link" => ReadLink(root),
                    null => throw new InvalidDataException("kind is required: \"memory\" or \"link\"."),
                    var other => throw new InvalidDataException($"kind '{other}' is unknown; lines are of kind \"memory\" or \"link\"."),
                };
                error = null;
                return true;
            }
            catch (InvalidDataException exception)
            {
                error = exception.Message;
                return false;
            }
        }
    }

    private static string? Kind(JsonElement root) => Optional(root, "kind") is { } kind ? Text(kind, "kind") : null;

    private static MemoryLine ReadMemory(JsonElement root)
    {
        var coordinate = Coordinate(root, "coord");
        var payload = Required(root, "payload");
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("payload must be a JSON object.");
        }

        var typeName = Optional(root, "memory_type") is { } type ? Text(type, "memory_type") : null;
        if (!MemoryTypeNames.TryParse(typeName, out var memoryType, out var typeError))
        {
            throw new InvalidDataException(typeError);
        }

        var metadata = Optional(root, "metadata");
        if (metadata is { ValueKind: not JsonValueKind.Object })
        {
            throw new InvalidDataException("metadata must be a JSON object.");
        }

        var updatedAt = Time(Required(root, "updated_at"), "updated_at");
        var memory = new ImportedMemory
        {
            PayloadJson = payload.GetRawText(),
            MemoryType = memoryType,
            MetadataJson = metadata?.GetRawText() ?? "{}",
            Importance = Optional(root, "importance") is { } importance ? Number(importance, "importance") : 1.0,
            CreatedAt = Optional(root, "created_at") is { } created ? Time(created, "created_at") : updatedAt,
            UpdatedAt = updatedAt,
            ExpiresAt = Optional(root, "expires_at") is { } expires ? Time(expires, "expires_at") : null,
            Version = Optional(root, "version") is { } version ? Whole(version, "version") : 1,
            AccessCount = Optional(root, "access_count") is { } count ? Whole(count, "access_count") : 0,
            LastAccessedAt = Optional(root, "last_accessed_at") is { } accessed ? Time(accessed, "last_accessed_at") : null,
            Embedding = Optional(root, "embedding") is { } embedding ? Embedding(embedding) : null,
            EmbeddingModel = Optional(root, "embedding_model") is { } model ? Text(model, "embedding_model") : null,
        };
        return new MemoryLine(coordinate, memory);
    }

    private static LinkLine ReadLink(JsonElement root)
    {
        var from = Coordinate(root, "from_coord");
        var metadata = Optional(root, "metadata");
        if (metadata is { ValueKind: not JsonValueKind.Object })
        {
            throw new InvalidDataException("metadata must be a JSON object.");
        }

        var strength = Optional(root, "strength") is { } given ? Number(given, "strength") : 1.0;
        if (strength <= 0)
        {
            throw new InvalidDataException("strength must be a finite number greater than 0.");
        }

        var linkType = Optional(root, "link_type") is { } type ? Text(type, "link_type") : MemoryLink.DefaultType;
        if (string.IsNullOrWhiteSpace(linkType))
        {
            throw new InvalidDataException("link_type must not be empty.");
        }

        return new LinkLine(from, new LinkCommand
        {
            ToKey = Coordinate(root, "to_coord"),
            LinkType = linkType,
            Strength = strength,
            MetadataJson = metadata?.GetRawText() ?? "{}",
        });
    }

    /// <summary>The member, or null when it is absent or JSON null: both mean "not given".</summary>
    private static JsonElement? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static JsonElement Required(JsonElement root, string name) =>
        Optional(root, name) ?? throw new InvalidDataException($"{name} is required.");

    private static string Text(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new InvalidDataException($"{name} must be a string.");

    private static string Coordinate(JsonElement root, string name)
    {
        var text = Text(Required(root, name), name);
        return CoordinateParser.TryParse(text, out var coordinate, out var error) ? coordinate.Key : throw new InvalidDataException($"{name}: {error}");
    }

    private static double Number(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number) && number >= 0
            ? number
            : throw new InvalidDataException($"{name} must be a finite number ≥ 0.");

    private static long Whole(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new InvalidDataException($"{name} must be a whole number.");

    private static DateTimeOffset Time(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var time)
            ? time
            : throw new InvalidDataException($"{name} must be an ISO-8601 time such as 2026-11-29T10:30:26.963746+00:00.");

    /// <summary>Base64 of float32 little-endian (as exported), or a JSON array of numbers.</summary>
    private static float[] Embedding(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            try
            {
                return EmbeddingBytes.FromBytes(value.GetBytesFromBase64());
            }
            catch (Exception exception) when (exception is FormatException or ArgumentException)
            {
                throw new InvalidDataException("embedding must be base64 of float32 little-endian values, or an array of numbers.");
            }
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("embedding must be base64 of float32 little-endian values, or an array of numbers.");
        }

        var vector = new float[value.GetArrayLength()];
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetSingle(out vector[index]))
            {
                throw new InvalidDataException($"embedding[{index}] is not a number.");
            }

            index++;
        }

        return vector;
    }
}
