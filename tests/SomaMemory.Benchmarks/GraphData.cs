using System.Globalization;

namespace SomaMemory.Benchmarks;

/// <summary>
/// The random directed graph of the graph scenario and the nodes it queries, generated from the seed before any
/// clock starts. Node i sits at coordinate "i,0"; its links are entries i·degree to i·degree + degree − 1, to
/// distinct other nodes. The graph and each set of queries have their own random stream, so changing --queries or
/// --warmup never changes the graph.
/// </summary>
internal sealed class GraphData
{
    /// <summary>A small set, so a link-type filter would keep about a quarter of the links.</summary>
    public static readonly string[] LinkTypes = ["related", "causes", "part_of", "follows"];

    private GraphData(int degree, int[] targets, byte[] types, double[] strengths, int[] neighborStarts, int[] warmupStarts, (int From, int To)[] pairs, (int From, int To)[] warmupPairs)
    {
        Degree = degree;
        Targets = targets;
        Types = types;
        Strengths = strengths;
        NeighborStarts = neighborStarts;
        WarmupStarts = warmupStarts;
        Pairs = pairs;
        WarmupPairs = warmupPairs;
    }

    public int Degree { get; }

    /// <summary>Link j goes from node j / degree to node Targets[j].</summary>
    public int[] Targets { get; }

    /// <summary>Link j's type, as an index into <see cref="LinkTypes"/>.</summary>
    public byte[] Types { get; }

    /// <summary>Link j's strength, from 0.1 to 1 in steps of 0.001, so weighted costs range from 1 to 10 per link.</summary>
    public double[] Strengths { get; }

    /// <summary>The nodes whose neighbours are measured; the same nodes serve the 1-hop and 3-hop queries.</summary>
    public int[] NeighborStarts { get; }

    public int[] WarmupStarts { get; }

    /// <summary>Random pairs of two different nodes for the path queries; unweighted and weighted paths both start at the first.</summary>
    public (int From, int To)[] Pairs { get; }

    public (int From, int To)[] WarmupPairs { get; }

    public static string Coordinate(int node) => string.Create(CultureInfo.InvariantCulture, $"{node},0");

    public static GraphData Generate(GraphOptions settings, int queries, int warmup)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var random = new Random(settings.Seed);
        var links = checked((int)settings.Links);
        var targets = new int[links];
        var types = new byte[links];
        var strengths = new double[links];
        for (var node = 0; node < settings.Nodes; node++)
        {
            var first = node * settings.Degree;
            for (var link = first; link < first + settings.Degree; link++)
            {
                int target;
                do
                {
                    target = random.Next(settings.Nodes);
                }
                while (target == node || Array.IndexOf(targets, target, first, link - first) >= 0);

                targets[link] = target;
                types[link] = (byte)random.Next(LinkTypes.Length);
                strengths[link] = (100 + random.Next(901)) / 1000.0;
            }
        }

        var starts = new Random(unchecked(settings.Seed + 1));
        var pairs = new Random(unchecked(settings.Seed + 2));
        return new GraphData(
            settings.Degree,
            targets,
            types,
            strengths,
            RandomNodes(starts, settings.Nodes, queries),
            RandomNodes(starts, settings.Nodes, warmup),
            RandomPairs(pairs, settings.Nodes, Math.Max(queries, settings.WeightedQueries)),
            RandomPairs(pairs, settings.Nodes, warmup));
    }

    /// <summary><c>{links:[{from_coord, to_coord, link_type, strength}]}</c> for links <paramref name="start"/> onwards.</summary>
    public byte[] LinksBody(int start, int count) => RecallBodies.Write(writer =>
    {
        writer.WriteStartArray("links");
        for (var link = start; link < start + count; link++)
        {
            writer.WriteStartObject();
            writer.WriteString("from_coord", Coordinate(link / Degree));
            writer.WriteString("to_coord", Coordinate(Targets[link]));
            writer.WriteString("link_type", LinkTypes[Types[link]]);
            writer.WriteNumber("strength", Strengths[link]);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    private static int[] RandomNodes(Random random, int nodes, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => random.Next(nodes))];

    private static (int From, int To)[] RandomPairs(Random random, int nodes, int count)
    {
        var pairs = new (int From, int To)[count];
        for (var index = 0; index < count; index++)
        {
            var from = random.Next(nodes);
            var to = random.Next(nodes - 1);
            // Skipping the start keeps the target uniform over the other nodes.
            pairs[index] = (from, to >= from ? to + 1 : to);
        }

        return pairs;
    }
}
