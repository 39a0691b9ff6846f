using SomaMemory.Contracts;

namespace SomaMemory.Graph;

internal static class GraphPaths
{
    /// <summary>A found path from its links in order: keys, the real link types and the total 1/strength.</summary>
    public static GraphPath Of(IReadOnlyList<MemoryLink> links) => new()
    {
        Found = true,
        Keys = [links[0].FromKey, .. links.Select(link => link.ToKey)],
        LinkTypes = [.. links.Select(link => link.LinkType)],
        Cost = links.Sum(link => 1.0 / link.Strength),
    };
}
