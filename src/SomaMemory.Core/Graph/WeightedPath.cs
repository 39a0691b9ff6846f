using SomaMemory.Contracts;

namespace SomaMemory.Graph;

/// <summary>
/// The path of lowest total cost (the sum of 1/strength) with at most <see cref="PathQuery.MaxLength"/> links. A
/// hop limit rules out plain Dijkstra, whose cheapest route may be too long, so this relaxes layer by layer (a
/// hop-bounded Bellman-Ford): round h reads, in one batch, the links of the coordinates whose best cost fell in
/// round h−1. Routes already dearer than the best known route to the target are not extended, since every link
/// costs more than zero. It reads more of the graph than <see cref="ShortestPath"/>; <see cref="MaxVisited"/>
/// bounds that work.
/// </summary>
public static class WeightedPath
{
    public const int MaxVisited = 100_000;

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

        var best = new Dictionary<string, double>(StringComparer.Ordinal) { [query.FromKey] = 0 };
        // rounds[h][v]: the link over which v's cost last fell in round h, so the route can be traced back round by round.
        var rounds = new List<Dictionary<string, MemoryLink>> { new(StringComparer.Ordinal) };
        var improved = new HashSet<string>(StringComparer.Ordinal) { query.FromKey };
        for (var round = 1; round <= query.MaxLength && improved.Count > 0 && best.Count <= MaxVisited; round++)
        {
            var ceiling = best.GetValueOrDefault(query.ToKey, double.PositiveInfinity);
            var frontier = improved.Where(key => key != query.ToKey && best[key] < ceiling).ToHashSet(StringComparer.Ordinal);
            var costAtStart = frontier.ToDictionary(key => key, key => best[key], StringComparer.Ordinal);
            var changes = new Dictionary<string, MemoryLink>(StringComparer.Ordinal);
            if (frontier.Count > 0)
            {
                var links = await reader.ExpandAsync(memoryNamespace, frontier, LinkDirection.Out, query.LinkType, now, cancellationToken);
                foreach (var link in LinkOrder.Sorted(links))
                {
                    var cost = costAtStart[link.FromKey] + (1.0 / link.Strength);
                    if (cost < best.GetValueOrDefault(link.ToKey, double.PositiveInfinity))
                    {
                        best[link.ToKey] = cost;
                        changes[link.ToKey] = link;
                    }
                }
            }

            rounds.Add(changes);
            improved = [.. changes.Keys];
        }

        return best.ContainsKey(query.ToKey) ? GraphPaths.Of(Trace(rounds, query.ToKey)) : GraphPath.NotFound;
    }

    /// <summary>
    /// Walks back from the target: its last improvement names the link and round; the source of that link is then
    /// looked up as it stood before that round.
    /// </summary>
    private static List<MemoryLink> Trace(List<Dictionary<string, MemoryLink>> rounds, string target)
    {
        var links = new List<MemoryLink>();
        var key = target;
        var round = rounds.Count - 1;
        while (true)
        {
            while (round > 0 && !rounds[round].ContainsKey(key))
            {
                round--;
            }

            if (round == 0)
            {
                break;
            }

            var link = rounds[round][key];
            links.Add(link);
            key = link.FromKey;
            round--;
        }

        links.Reverse();
        return links;
    }
}
