using SomaMemory.Contracts;

namespace SomaMemory.Memories;

/// <summary>How a bulk store is split into valid items and per-index errors, for the gateway and the SDK alike.</summary>
public static class BulkRules
{
    public const int MaxItems = 10_000;

    /// <summary>
    /// Validates every item on its own. A null item is not an object; a coordinate repeated in one call is refused
    /// after its first appearance, because two writes of one memory in one call would race.
    /// </summary>
    public static (List<BulkItem> Items, List<BulkError> Errors) Plan(IReadOnlyList<(string? Coord, StoreInput Input)?> requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var items = new List<BulkItem>(requested.Count);
        var errors = new List<BulkError>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < requested.Count; index++)
        {
            if (requested[index] is not { } item)
            {
                errors.Add(new BulkError(index, "The item must be a JSON object."));
            }
            else if (!StoreRules.TryParse(item.Coord, item.Input, out var coordinate, out var command, out _, out var error))
            {
                errors.Add(new BulkError(index, error));
            }
            else if (seen.TryGetValue(coordinate.Key, out var first))
            {
                errors.Add(new BulkError(index, $"coordinate {coordinate.Key} already appears at index {first}."));
            }
            else
            {
                seen[coordinate.Key] = index;
                items.Add(new BulkItem(index, coordinate.Key, command));
            }
        }

        return (items, errors);
    }

    /// <summary>The errors of validation and of storing, in index order.</summary>
    public static IReadOnlyList<BulkError> Merge(IEnumerable<BulkError> refused, BulkResult stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return refused.Concat(stored.Errors).OrderBy(error => error.Index).ToArray();
    }
}
