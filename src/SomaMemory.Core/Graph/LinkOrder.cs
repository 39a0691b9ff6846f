using SomaMemory.Contracts;

namespace SomaMemory.Graph;

/// <summary>The one order in which walks consider links, so that equal answers always come out the same way.</summary>
internal static class LinkOrder
{
    public static List<MemoryLink> Sorted(IEnumerable<MemoryLink> links)
    {
        var sorted = links.ToList();
        sorted.Sort(static (left, right) =>
        {
            var order = string.CompareOrdinal(left.FromKey, right.FromKey);
            order = order != 0 ? order : string.CompareOrdinal(left.ToKey, right.ToKey);
            return order != 0 ? order : string.CompareOrdinal(left.LinkType, right.LinkType);
        });
        return sorted;
    }
}
