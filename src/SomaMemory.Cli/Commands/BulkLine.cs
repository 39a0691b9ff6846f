using System.Text.Json;
using System.Text.Json.Serialization;
using SomaMemory.Client;

namespace SomaMemory.Cli.Commands;

/// <summary>One line of a bulk file: the body of <c>POST /memories</c>, in snake_case.</summary>
internal sealed record BulkLine
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = false,
    };

    private static readonly JsonElement Missing = JsonSerializer.SerializeToElement<object?>(null);

    public string? Coord { get; init; }
    public JsonElement? Payload { get; init; }
    public string? MemoryType { get; init; }
    public JsonElement? Metadata { get; init; }
    public double? Importance { get; init; }
    public double? TtlSeconds { get; init; }
    public string? Text { get; init; }
    public float[]? Vector { get; init; }

    [JsonIgnore]
    public long LineNumber { get; init; }

    /// <summary>Parses a line; a line that is not a JSON object yields an error instead.</summary>
    public static BulkLine? TryParse(string line, long lineNumber, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "the line must be a JSON object.";
                return null;
            }

            error = null;
            return document.RootElement.Deserialize<BulkLine>(Options)! with { LineNumber = lineNumber };
        }
        catch (JsonException invalid)
        {
            error = "not valid JSON: " + invalid.Message;
            return null;
        }
    }

    /// <summary>
    /// The SDK's memory. A missing payload or coordinate travels as such, so that the gateway refuses it in its own
    /// words, as it would over <c>POST /memories/bulk</c>.
    /// </summary>
    public NewMemory ToMemory() => new()
    {
        Coordinate = Coord ?? "",
        Payload = Payload ?? Missing,
        Kind = MemoryCommands.ParseKind(MemoryType),
        Metadata = Metadata,
        Importance = Importance,
        TimeToLive = TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        Text = Text,
        Vector = Vector,
    };
}
