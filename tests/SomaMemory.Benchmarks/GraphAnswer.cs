using System.Text.Json;

namespace SomaMemory.Benchmarks;

/// <summary>Reads the graph routes' answers back, after the clock has stopped.</summary>
internal static class GraphAnswer
{
    /// <summary>How many neighbours a <c>GET /graph/neighbors</c> answer holds; null when it is not such an answer.</summary>
    public static int? NeighborCount(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Read(body, root =>
            root.TryGetProperty("neighbors", out var neighbors) && neighbors.ValueKind == JsonValueKind.Array
                ? neighbors.GetArrayLength()
                : (int?)null);
    }

    /// <summary>Whether a <c>GET /graph/path</c> answer found a path, its length and cost; null when it is not such an answer.</summary>
    public static PathAnswer? Path(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Read(body, root =>
            root.TryGetProperty("found", out var found) && found.ValueKind is JsonValueKind.True or JsonValueKind.False
            && root.TryGetProperty("length", out var length) && length.TryGetInt32(out var links)
            && root.TryGetProperty("cost", out var cost) && cost.TryGetDouble(out var total)
                ? new PathAnswer(found.GetBoolean(), links, total)
                : null);
    }

    private static T? Read<T>(byte[] body, Func<JsonElement, T?> read)
    {
        if (body.Length == 0)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? read(document.RootElement) : default;
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
