using System.Text.Json;

namespace SomaMemory.Graph;

/// <summary>What a link may carry. Shared by the gateway (to answer 4xx) and the node grain (the last line of defence).</summary>
public static class LinkRules
{
    public const int MaxTypeLength = 128;
    public const int MaxMetadataBytes = 16 * 1024;

    /// <summary>Null when the link is acceptable, else a message naming the field.</summary>
    public static string? Validate(string linkType, double strength, string metadataJson)
    {
        ArgumentNullException.ThrowIfNull(linkType);
        ArgumentNullException.ThrowIfNull(metadataJson);
        if (ValidateType(linkType, "link_type") is { } typeError)
        {
            return typeError;
        }

        if (!double.IsFinite(strength) || strength <= 0)
        {
            return "strength must be a finite number greater than 0.";
        }

        if (metadataJson.Length > MaxMetadataBytes)
        {
            return $"metadata may hold at most {MaxMetadataBytes} bytes of JSON.";
        }

        try
        {
            using var document = JsonDocument.Parse(metadataJson);
            return document.RootElement.ValueKind == JsonValueKind.Object ? null : "metadata must be a JSON object.";
        }
        catch (JsonException)
        {
            return "metadata must be a JSON object.";
        }
    }

    /// <summary>Types are short printable names; control characters would corrupt logs and exports.</summary>
    public static string? ValidateType(string linkType, string field)
    {
        ArgumentNullException.ThrowIfNull(linkType);
        if (linkType.Length == 0 || string.IsNullOrWhiteSpace(linkType))
        {
            return $"{field} must not be empty.";
        }

        if (linkType.Length > MaxTypeLength)
        {
            return $"{field} may hold at most {MaxTypeLength} characters.";
        }

        return linkType.Any(char.IsControl) ? $"{field} must not contain control characters." : null;
    }
}
