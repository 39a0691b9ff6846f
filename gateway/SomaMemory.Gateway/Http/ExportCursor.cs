using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using SomaMemory.Portability;

namespace SomaMemory.Gateway.Http;

/// <summary>
/// Where an export resumes: the phase (memories, then links) and the last key written in it. It travels as opaque
/// base64url JSON and names its namespace, so that a cursor cannot silently resume an export of another one.
/// </summary>
public sealed record ExportCursor
{
    public const string MemoriesPhase = "memories";
    public const string LinksPhase = "links";

    [JsonPropertyName("ns")] public required string Namespace { get; init; }
    [JsonPropertyName("phase")] public required string Phase { get; init; }

    /// <summary>The last memory written (memories phase).</summary>
    [JsonPropertyName("key")] public string? MemoryKey { get; init; }

    /// <summary>The last link written (links phase).</summary>
    [JsonPropertyName("from")] public string? FromKey { get; init; }
    [JsonPropertyName("to")] public string? ToKey { get; init; }
    [JsonPropertyName("type")] public string? LinkType { get; init; }

    public static ExportCursor AfterMemory(string memoryNamespace, string coordinateKey) =>
        new() { Namespace = memoryNamespace, Phase = MemoriesPhase, MemoryKey = coordinateKey };

    public static ExportCursor AfterLink(string memoryNamespace, LinkKey link) =>
        new() { Namespace = memoryNamespace, Phase = LinksPhase, FromKey = link.FromKey, ToKey = link.ToKey, LinkType = link.LinkType };

    /// <summary>The link written last, in the links phase.</summary>
    public LinkKey? LastLink => Phase == LinksPhase && FromKey is not null && ToKey is not null && LinkType is not null ? new LinkKey(FromKey, ToKey, LinkType) : null;

    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this, CursorJson.Default.ExportCursor));

    public static bool TryDecode(string text, string memoryNamespace, [NotNullWhen(true)] out ExportCursor? cursor, [NotNullWhen(false)] out string? error)
    {
        cursor = null;
        const string NotIssued = "cursor is not one this export issued; start again without a cursor, or send the cursor of the last line received.";
        error = NotIssued;
        try
        {
            var decoded = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(text), CursorJson.Default.ExportCursor);
            if (decoded is null || !decoded.IsComplete())
            {
                return false;
            }

            if (decoded.Namespace != memoryNamespace)
            {
                error = $"cursor belongs to an export of namespace '{decoded.Namespace}', not '{memoryNamespace}'.";
                return false;
            }

            cursor = decoded;
            error = null;
            return true;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            error = NotIssued;
            return false;
        }
    }

    private bool IsComplete() => Phase switch
    {
        MemoriesPhase => MemoryKey is not null,
        LinksPhase => LastLink is not null,
        _ => false,
    };
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExportCursor))]
internal sealed partial class CursorJson : JsonSerializerContext;
