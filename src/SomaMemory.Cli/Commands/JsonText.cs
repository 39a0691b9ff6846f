using System.Text.Json;

namespace SomaMemory.Cli.Commands;

/// <summary>JSON typed at the prompt: refused with a readable message rather than an exception's.</summary>
internal static class JsonText
{
    public static JsonElement? Parse(string? text, string what)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<JsonElement>(text);
        }
        catch (JsonException invalid)
        {
            throw new UsageException($"{what} is not valid JSON: {invalid.Message}", invalid);
        }
    }
}
