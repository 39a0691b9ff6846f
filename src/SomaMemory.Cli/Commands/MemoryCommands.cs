using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SomaMemory.Cli.Output;
using SomaMemory.Client;
using SomaMemory.Memories;

namespace SomaMemory.Cli.Commands;

/// <summary>store, get, delete and search.</summary>
internal static class MemoryCommands
{
    public static void AddTo(RootCommand root, CommandRunner runner)
    {
        root.Subcommands.Add(Store(runner));
        root.Subcommands.Add(Get(runner));
        root.Subcommands.Add(Delete(runner));
        root.Subcommands.Add(Search(runner));
    }

    public static MemoryKind ParseKind(string? name)
    {
        if (!MemoryTypeNames.TryParse(name, out var type, out var error))
        {
            throw new UsageException(error);
        }

        return type == Contracts.MemoryType.Semantic ? MemoryKind.Semantic : MemoryKind.Episodic;
    }

    private static Command Store(CommandRunner runner)
    {
        var coord = new Argument<string>("coord") { Description = "The coordinate, such as 1,2,3." };
        var payload = new Argument<string?>("payload") { Description = "The memory: a JSON object. Omit it to store {\"text\": <--text>}.", Arity = ArgumentArity.ZeroOrOne };
        var text = new Option<string?>("--text") { Description = "What to embed; without a payload, the payload is {\"text\": ...}." };
        var type = new Option<string?>("--type") { Description = "episodic (default) or semantic." };
        var metadata = new Option<string?>("--metadata") { Description = "A JSON object of metadata." };
        var importance = new Option<double?>("--importance") { Description = "Importance ≥ 0 (default 1)." };
        var ttl = new Option<double?>("--ttl") { Description = "Seconds until the memory expires." };
        var command = new Command("store", "Store (upsert) a memory at a coordinate.") { coord, payload, text, type, metadata, importance, ttl };
        runner.SetAction(command, async (context, cancellationToken) =>
        {
            var textValue = context.Value(text);
            var payloadElement = JsonText.Parse(context.Value(payload), "payload")
                ?? (textValue is null ? throw new UsageException("Give a payload (a JSON object) or --text.") : JsonSerializer.SerializeToElement(new { text = textValue }));
            var memory = new NewMemory
            {
                Coordinate = context.Value(coord)!,
                Payload = payloadElement,
                Kind = ParseKind(context.Value(type)),
                Metadata = JsonText.Parse(context.Value(metadata), "--metadata"),
                Importance = context.Value(importance),
                TimeToLive = context.Value(ttl) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                Text = context.Value(payload) is null ? null : textValue,
            };
            var stored = await context.Client.StoreAsync(memory, cancellationToken);
            context.Printer.Result(stored, output => output.WriteLine($"stored {stored.CoordinateKey} ({Name(stored.Kind)}, version {stored.Version})"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Get(CommandRunner runner)
    {
        var coord = new Argument<string>("coord") { Description = "The coordinate." };
        var command = new Command("get", "Show the memory at a coordinate.") { coord };
        runner.SetAction(command, async (context, cancellationToken) =>
        {
            var memory = await context.Client.GetAsync(context.Value(coord)!, cancellationToken);
            if (memory is null)
            {
                context.Printer.Problem($"no memory at {context.Value(coord)}.");
                return ExitCodes.NotFound;
            }

            context.Printer.Result(memory, output =>
            {
                output.WriteLine($"coordinate  {memory.CoordinateKey}");
                output.WriteLine($"type        {Name(memory.Kind)}");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"importance  {memory.Importance}"));
                output.WriteLine($"version     {memory.Version}");
                output.WriteLine($"created     {memory.CreatedAt:u}");
                output.WriteLine($"updated     {memory.UpdatedAt:u}");
                if (memory.ExpiresAt is { } expires)
                {
                    output.WriteLine($"expires     {expires:u}");
                }

                output.WriteLine("payload     " + Printer.Indented(memory.Payload).ReplaceLineEndings("\n            "));
                output.WriteLine("metadata    " + Printer.Compact(memory.Metadata, 200));
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(CommandRunner runner)
    {
        var coord = new Argument<string>("coord") { Description = "The coordinate." };
        var command = new Command("delete", "Delete the memory at a coordinate (exit 2 when there was none).") { coord };
        runner.SetAction(command, async (context, cancellationToken) =>
        {
            var coordinate = context.Value(coord)!;
            var deleted = await context.Client.DeleteAsync(coordinate, cancellationToken);
            context.Printer.Result(new { coord = coordinate, deleted }, output => output.WriteLine(deleted ? $"deleted {coordinate}" : $"nothing to delete at {coordinate}"));
            return deleted ? ExitCodes.Ok : ExitCodes.NotFound;
        });
        return command;
    }

    private static Command Search(CommandRunner runner)
    {
        var query = new Argument<string>("query") { Description = "What to look for." };
        var topK = new Option<int?>("--top-k", "-k") { Description = "How many results (default 5)." };
        var offset = new Option<int?>("--offset") { Description = "How many of the best results to skip." };
        var type = new Option<string?>("--type") { Description = "Only episodic or semantic memories." };
        var mode = new Option<string?>("--mode") { Description = "hybrid (default), vector or keyword." };
        var filters = new Option<string?>("--filters") { Description = "A JSON object of fields that must match." };
        var minScore = new Option<double?>("--min-score") { Description = "Drop results scoring below this." };
        var command = new Command("search", "Recall memories by meaning and keywords.") { query, topK, offset, type, mode, filters, minScore };
        runner.SetAction(command, async (context, cancellationToken) =>
        {
            var search = new MemorySearch
            {
                Query = context.Value(query),
                TopK = context.Value(topK),
                Offset = context.Value(offset),
                Kind = context.Value(type) is { } kind ? ParseKind(kind) : null,
                Mode = context.Value(mode) switch
                {
                    null => null,
                    "hybrid" => SearchMode.Hybrid,
                    "vector" => SearchMode.Vector,
                    "keyword" => SearchMode.Keyword,
                    var other => throw new UsageException($"--mode must be hybrid, vector or keyword; got '{other}'."),
                },
                Filters = JsonText.Parse(context.Value(filters), "--filters"),
                MinScore = context.Value(minScore),
            };
            var hits = await context.Client.SearchAsync(search, cancellationToken);
            context.Printer.Result(hits, output =>
            {
                if (hits.Count == 0)
                {
                    output.WriteLine("no memories found.");
                }

                foreach (var hit in hits)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{hit.Score,8:F4}  {hit.CoordinateKey,-20}  {Printer.Compact(hit.Payload)}"));
                }
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    public static string Name(MemoryKind kind) => kind == MemoryKind.Semantic ? MemoryTypeNames.Semantic : MemoryTypeNames.Episodic;
}
