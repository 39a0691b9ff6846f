using SomaMemory.Contracts;

namespace SomaMemory.Graph;

/// <summary>
/// Breadth-first neighbours up to k hops, one batched read per hop. Results are ordered by hop, then coordinate key;
/// each coordinate appears once, at its nearest hop, with the first link (in from, to, type order) that reached it.
/// The start itself is never a neighbour, even through a cycle or a self-link.
/// </summary>
public static class NeighborWalk
{
    public static async Task<IReadOnlyList<NeighborHit>> RunAsync(
        ILinkReader reader,
        string memoryNamespace,
        NeighborQuery query,
        DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(query);
        var wanted = query.Offset + query.Limit;
        var visited = new HashSet<string>(StringComparer.Ordinal) { query.FromKey };
        var frontier = new HashSet<string>(StringComparer.Ordinal) { query.FromKey };
        var hits = new List<NeighborHit>();
        for (var hop = 1; hop <= query.MaxHops && frontier.Count > 0; hop++)
        {
            var links = await reader.ExpandAsync(memoryNamespace, frontier, query.Direction, query.LinkType, now, cancellationToken);
            var reached = new List<NeighborHit>();
            foreach (var link in LinkOrder.Sorted(links))
            {
                foreach (var far in FarEnds(link, frontier, query.Direction))
                {
                    if (visited.Add(far))
                    {
                        reached.Add(new NeighborHit { Key = far, Hop = hop, Via = link });
                    }
                }
            }

            reached.Sort(static (left, right) => string.CompareOrdinal(left.Key, right.Key));
            hits.AddRange(reached);
            // Later hops only ever sort after this one, so once the page is full nothing further can change it.
            if (hits.Count >= wanted)
            {
                break;
            }

            frontier = reached.Select(hit => hit.Key).ToHashSet(StringComparer.Ordinal);
        }

        return hits.Skip(query.Offset).Take(query.Limit).ToList();
    }

    /// <summary>The ends of a link that a walk standing on <paramref name="frontier"/> reaches through it.</summary>
    internal static IEnumerable<string> FarEnds(MemoryLink link, IReadOnlySet<string> frontier, LinkDirection direction)
    {
        if (direction != LinkDirection.In && frontier.Contains(link.FromKey))
        {
            yield return link.ToKey;
        }

        if (direction != LinkDirection.Out && frontier.Contains(link.ToKey))
        {
            yield return link.FromKey;
        }
    }
}
