using SomaMemory.Contracts;

namespace SomaMemory.Graph;

/// <summary>
/// The path with the fewest links along outgoing links, found by a breadth-first search from both ends: each round
/// expands the smaller side by one hop with one batched read, so a path of length six costs about six small reads
/// rather than a walk over everything within six hops. Among equally short paths the one through the smallest
/// meeting key, then the first links in (from, to, type) order, wins.
/// </summary>
public static class ShortestPath
{
    public static async Task<GraphPath> FindAsync(
        ILinkReader reader,
        string memoryNamespace,
        PathQuery query,
        DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(query);
        if (query.FromKey == query.ToKey)
        {
            return new GraphPath { Found = true, Keys = [query.FromKey] };
        }

        // Each side maps a coordinate to the link that reached it (null at its own start).
        var forward = new Dictionary<string, MemoryLink?>(StringComparer.Ordinal) { [query.FromKey] = null };
        var backward = new Dictionary<string, MemoryLink?>(StringComparer.Ordinal) { [query.ToKey] = null };
        var forwardFrontier = new HashSet<string>(StringComparer.Ordinal) { query.FromKey };
        var backwardFrontier = new HashSet<string>(StringComparer.Ordinal) { query.ToKey };
        for (var length = 1; length <= query.MaxLength && forwardFrontier.Count > 0 && backwardFrontier.Count > 0; length++)
        {
            var expandForward = forwardFrontier.Count <= backwardFrontier.Count;
            var (frontier, seen, other) = expandForward ? (forwardFrontier, forward, backward) : (backwardFrontier, backward, forward);
            var direction = expandForward ? LinkDirection.Out : LinkDirection.In;
            var links = await reader.ExpandAsync(memoryNamespace, frontier, direction, query.LinkType, now, cancellationToken);
            var next = new HashSet<string>(StringComparer.Ordinal);
            var meetings = new List<string>();
            foreach (var link in LinkOrder.Sorted(links))
            {
                foreach (var far in NeighborWalk.FarEnds(link, frontier, direction))
                {
                    if (seen.TryAdd(far, link))
                    {
                        next.Add(far);
                        if (other.ContainsKey(far))
                        {
                            meetings.Add(far);
                        }
                    }
                }
            }

            if (meetings.Count > 0)
            {
                var meeting = meetings.Min(StringComparer.Ordinal)!;
                return Join(Trace(forward, meeting, link => link.FromKey), Trace(backward, meeting, link => link.ToKey));
            }

            if (expandForward)
            {
                forwardFrontier = next;
            }
            else
            {
                backwardFrontier = next;
            }
        }

        return GraphPath.NotFound;
    }

    /// <summary>The links from a side's start to <paramref name="meeting"/>, start first.</summary>
    private static List<MemoryLink> Trace(Dictionary<string, MemoryLink?> reachedBy, string meeting, Func<MemoryLink, string> previous)
    {
        var links = new List<MemoryLink>();
        for (var key = meeting; reachedBy[key] is { } link; key = previous(link))
        {
            links.Add(link);
        }

        links.Reverse();
        return links;
    }

    private static GraphPath Join(List<MemoryLink> fromStart, List<MemoryLink> fromEnd)
    {
        fromEnd.Reverse();
        return GraphPaths.Of([.. fromStart, .. fromEnd]);
    }
}
