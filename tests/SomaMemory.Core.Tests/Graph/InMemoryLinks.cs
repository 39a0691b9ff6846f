using SomaMemory.Contracts;
using SomaMemory.Graph;

namespace SomaMemory.Core.Tests.Graph;

/// <summary>A hand-built graph for the walk algorithms; it also counts reads, to check one read per hop.</summary>
internal sealed class InMemoryLinks : ILinkReader
{
    private readonly List<MemoryLink> _links = [];

    public int Reads { get; private set; }

    public InMemoryLinks Add(string from, string to, string type = "related", double strength = 1.0)
    {
        _links.Add(new MemoryLink { FromKey = from, ToKey = to, LinkType = type, Strength = strength });
        return this;
    }

    public Task<IReadOnlyList<MemoryLink>> ExpandAsync(
        string memoryNamespace, IReadOnlyCollection<string> keys, LinkDirection direction, string? linkType, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        Reads++;
        var found = _links.Where(link => linkType is null || link.LinkType == linkType)
            .Where(link => (direction != LinkDirection.In && keys.Contains(link.FromKey)) || (direction != LinkDirection.Out && keys.Contains(link.ToKey)))
            // Shuffled, so the walks cannot lean on the order of the rows.
            .OrderBy(_ => Random.Shared.Next())
            .ToList();
        return Task.FromResult<IReadOnlyList<MemoryLink>>(found);
    }
}
