using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SomaMemory.Cli.Output;

/// <summary>Writes results: readable lines by default, one indented JSON document with <c>--json</c>.</summary>
public sealed class Printer(TextWriter output, TextWriter error, bool json)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public bool Json { get; } = json;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Prints <paramref name="value"/> as JSON, or calls <paramref name="human"/> for the readable form.</summary>
    public void Result<T>(T value, Action<TextWriter> human)
    {
        ArgumentNullException.ThrowIfNull(human);
        if (Json)
        {
            Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
        }
        else
        {
            human(Out);
        }
    }

    public void Problem(string message) => Error.WriteLine("error: " + message);

    public void Note(string message) => Error.WriteLine(message);

    public static string Compact(JsonElement element, int max = 80)
    {
        var text = element.ValueKind == JsonValueKind.Undefined ? "" : JsonSerializer.Serialize(element, JsonOptions).ReplaceLineEndings(" ");
        while (text.Contains("  ", StringComparison.Ordinal))
        {
            text = text.Replace("  ", " ", StringComparison.Ordinal);
        }

        return text.Length <= max ? text : text[..(max - 1)] + "…";
    }

    public static string Indented(JsonElement element) => JsonSerializer.Serialize(element, JsonOptions);
}
