using SomaMemory.Contracts;

namespace SomaMemory.Grains.Memories;

/// <summary>The adjacency a node grain holds: its outgoing links, one per (type, to), in ordinal order.</summary>
internal sealed class OutgoingLinks
{
    private static readonly Comparer<(string LinkType, string ToKey)> KeyOrder = Comparer<(string LinkType, string ToKey)>.Create(
        static (left, right) =>
        {
            var order = string.CompareOrdinal(left.LinkType, right.LinkType);
            return order != 0 ? order : string.CompareOrdinal(left.ToKey, right.ToKey);
        });

    private readonly SortedDictionary<(string LinkType, string ToKey), MemoryLink> _links = new(KeyOrder);

    public OutgoingLinks(IEnumerable<MemoryLink> links)
    {
        foreach (var link in links)
        {
            Set(link);
        }
    }

    public IReadOnlyList<MemoryLink> All => [.. _links.Values];

    public void Set(MemoryLink link) => _links[(link.LinkType, link.ToKey)] = link;

    public void RemoveTo(string toKey)
    {
        foreach (var key in _links.Keys.Where(key => key.ToKey == toKey).ToList())
        {
            _links.Remove(key);
        }
    }
}
