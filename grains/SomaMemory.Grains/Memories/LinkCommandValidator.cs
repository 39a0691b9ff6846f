using SomaMemory.Contracts;
using SomaMemory.Coordinates;
using SomaMemory.Graph;

namespace SomaMemory.Grains.Memories;

/// <summary>The node grain's own check of a link: other .NET services call the grain without the gateway's parsing.</summary>
internal static class LinkCommandValidator
{
    public static void Validate(LinkCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (LinkRules.Validate(command.LinkType, command.Strength, command.MetadataJson) is { } error)
        {
            throw new ArgumentException(error, nameof(command));
        }

        if (!CoordinateParser.TryParse(command.ToKey, out var target, out var targetError))
        {
            throw new ArgumentException(targetError, nameof(command));
        }

        if (target.Key != command.ToKey)
        {
            // One link per (from, to, type) holds only if every caller names the target by its canonical key.
            throw new ArgumentException($"'{command.ToKey}' is not a canonical coordinate key; use '{target.Key}'.", nameof(command));
        }
    }
}
