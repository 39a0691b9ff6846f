using System.CommandLine;
using System.Globalization;
using SomaMemory.Client;

namespace SomaMemory.Cli.Commands;

/// <summary>link, neighbors and path.</summary>
internal static class GraphCommands
{
    public static void AddTo(RootCommand root, CommandRunner runner)
    {
        root.Subcommands.Add(Link(runner));
        root.Subcommands.Add(Neighbors(runner));
        root.Subcommands.Add(Path(runner));
    }

    private static Command Link(CommandRunner runner)
    {
        var from = new Argument<string>("from") { Description = "The source coordinate." };
        var to = new Argument<string>("to") { Description = "The target coordinate." };
        var type = new Option<string?>("--type") { Description = "The link type (default related)." };
        var strength = new Option<double?>("--strength") { Description = "Greater than 0 (default 1)." };
        var metadata = new Option<string?>("--metadata") { Description = "A JSON object kept with the link." };
        var command = new Command("link", "Link one coordinate to another (upsert on from, to, type).") { from, to, type, strength, metadata };
        runner.SetAction(command, async (context, cancellationToken) =>
        {
            var link = await context.Client.LinkAsync(new NewLink
            {
                From = context.Value(from)!,
                To = context.Value(to)!,
                LinkType = context.Value(type),
                Strength = context.Value(strength),
                Metadata = JsonText.Parse(context.Value(metadata), "--metadata"),
            }, cancellationToken);
            context.Printer.Result(link, output => output.WriteLine($"linked {link.From} -[{link.LinkType}]-> {link.To}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Neighbors(CommandRunner runner)
    {
        var coord = new Argument<string>("coord") { Description = "Where the walk starts." };
        var hops = new Option<int?>("--hops", "-k") { Description = "How many hops (default 1)." };
        var limit = new Option<int?>("--limit") { Description = "How many neighbours (default 10)." };
        var offset = new Option<int?>("--offset") { Description = "How many to skip." };
        var type = new Option<string?>("--type") { Description = "Follow only links of this type." };
        var direction = new Option<string?>("--direction") { Description = "out (default), in or both." };
        var command = new Command("neighbors", "List the coordinates linked to one, up to k hops.") { coord, hops, limit, offset, type, direction };
        runner.SetAction(command, async (context, cancellationToken) =>
        {
            var neighbors = await context.Client.NeighborsAsync(new NeighborSearch
            {
                Coordinate = context.Value(coord)!,
                Hops = context.Value(hops),
                Limit = context.Value(limit),
                Offset = context.Value(offset),
                LinkType = context.Value(type),
                Direction = context.Value(direction) switch
                {
                    null => null,
                    "out" => LinkWalkDirection.Out,
                    "in" => LinkWalkDirection.In,
                    "both" => LinkWalkDirection.Both,
                    var other => throw new UsageException($"--direction must be out, in or both; got '{other}'."),
                },
            }, cancellationToken);
            context.Printer.Result(neighbors, output =>
            {
                if (neighbors.Count == 0)
                {
                    output.WriteLine("no neighbours.");
                }

                foreach (var neighbor in neighbors)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hop {neighbor.Hop}  {neighbor.Coordinate,-20}  {neighbor.LinkType} ({neighbor.Strength}) from {neighbor.From}"));
                }
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Path(CommandRunner runner)
    {
        var from = new Argument<string>("from") { Description = "Where the path starts." };
        var to = new Argument<string>("to") { Description = "Where it ends." };
        var maxLength = new Option<int?>("--max-length") { Description = "The most links (default 10)." };
        var type = new Option<string?>("--type") { Description = "Follow only links of this type." };
        var weighted = new Option<bool>("--weighted") { Description = "Minimise the sum of 1/strength, not hops." };
        var command = new Command("path", "Find a path of links between two coordinates (exit 2 when there is none).") { from, to, maxLength, type, weighted };
        runner.SetAction(command, async (context, cancellationToken) =>
        {
            var path = await context.Client.PathAsync(new PathSearch
            {
                From = context.Value(from)!,
                To = context.Value(to)!,
                MaxLength = context.Value(maxLength),
                LinkType = context.Value(type),
                Weighted = context.Value(weighted),
            }, cancellationToken);
            context.Printer.Result(path, output =>
            {
                if (!path.Found)
                {
                    output.WriteLine($"no path from {path.From} to {path.To}.");
                    return;
                }

                var steps = path.Coordinates.Take(1).Concat(path.LinkTypes.Zip(path.Coordinates.Skip(1), (type, key) => $"-[{type}]-> {key}"));
                output.WriteLine(string.Join(' ', steps));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path.LinkTypes.Count} link(s), cost {path.Cost:0.###}"));
            });
            return path.Found ? ExitCodes.Ok : ExitCodes.NotFound;
        });
        return command;
    }
}
