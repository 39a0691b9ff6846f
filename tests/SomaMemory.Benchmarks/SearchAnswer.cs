using System.Text.Json;

namespace SomaMemory.Benchmarks;

/// <summary>Reads a <c>POST /memories/search</c> answer back into the benchmark's memory numbers.</summary>
internal static class SearchAnswer
{
    /// <summary>
    /// The memory number of each hit, best first: the first axis of its coordinate (see
    /// <see cref="RecallBodies.Coordinate"/>). Null when the body is not a search answer.
    /// </summary>
    public static int[]? Indexes(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("memories", out var memories) || memories.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var indexes = new List<int>(memories.GetArrayLength());
            foreach (var memory in memories.EnumerateArray())
            {
                if (memory.TryGetProperty("coordinate", out var coordinate)
                    && coordinate.ValueKind == JsonValueKind.Array
                    && coordinate.GetArrayLength() > 0
                    && coordinate[0].TryGetDouble(out var first))
                {
                    indexes.Add((int)first);
                }
            }

            return [.. indexes];
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
