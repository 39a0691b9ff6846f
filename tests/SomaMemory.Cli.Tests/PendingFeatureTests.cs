namespace SomaMemory.Cli.Tests;

/// <summary>
/// Commands over routes that other branches build (the graph, export/import, API keys). They are marked by what
/// they need and run once those routes are merged.
/// </summary>
public sealed class PendingFeatureTests(CliGateway gateway) : IClassFixture<CliGateway>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("soma-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Dictionary<string, string?> InNamespace(string memoryNamespace) => new() { ["SOMA_NAMESPACE"] = memoryNamespace };

    [Fact]
    [Trait("Needs", "graph")]
    public async Task Link_neighbors_and_path_walk_the_graph()
    {
        var ns = InNamespace("cli-graph");
        Assert.Equal((0, "linked 1 -[causes]-> 2"), Pair(await gateway.RunAsync(ns, "link", "1", "2", "--type", "causes")));
        Assert.Equal(0, (await gateway.RunAsync(ns, "link", "2", "3")).ExitCode);

        var neighbors = await gateway.RunAsync(ns, "neighbors", "1", "--hops", "2", "--json");
        Assert.Equal(["2.0", "3.0"], neighbors.Json.EnumerateArray().Select(n => n.GetProperty("coordinate").GetString()));

        var path = await gateway.RunAsync(ns, "path", "1", "3");
        Assert.Equal(0, path.ExitCode);
        Assert.StartsWith("1.0 -[causes]-> 2.0 -[related]-> 3.0", path.Out, StringComparison.Ordinal);
        Assert.Equal(2, (await gateway.RunAsync(ns, "path", "3", "1")).ExitCode);
    }

    [Fact]
    [Trait("Needs", "portability")]
    public async Task Export_then_import_into_an_empty_namespace_reproduces_the_memories()
    {
        var source = InNamespace("cli-export");
        Assert.Equal(0, (await gateway.RunAsync(source, "store", "1", "--text", "exported one")).ExitCode);
        Assert.Equal(0, (await gateway.RunAsync(source, "store", "2", "--text", "exported two", "--type", "semantic")).ExitCode);
        var file = Path.Combine(_folder, "export.jsonl");

        var exported = await gateway.RunAsync(source, "export", "--output", file, "--json");
        Assert.Equal(0, exported.ExitCode);
        Assert.Equal(2, exported.Json.GetProperty("memories").GetInt64());

        var target = InNamespace("cli-import");
        var imported = await gateway.RunAsync(target, "import", file);
        Assert.Equal(0, imported.ExitCode);
        var got = await gateway.RunAsync(target, "get", "2", "--json");
        Assert.Equal("exported two", got.Json.GetProperty("payload").GetProperty("text").GetString());
        Assert.Equal("semantic", got.Json.GetProperty("kind").GetString());

        // Idempotent: the same file again changes nothing.
        Assert.Equal(0, (await gateway.RunAsync(target, "import", file)).ExitCode);
        Assert.Contains(": 2 memories", (await gateway.RunAsync(target, "stats")).Out, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Needs", "portability")]
    public async Task Import_reports_refused_lines_by_number_and_exits_1()
    {
        var file = Path.Combine(_folder, "bad.jsonl");
        await File.WriteAllLinesAsync(file, ["""{"kind": "memory", "coord": "1", "payload": {"text": "fine"}}""", "{broken"]);
        var run = await gateway.RunAsync(InNamespace("cli-import-bad"), "import", file);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("line 2:", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Needs", "security")]
    public async Task Keys_are_created_listed_and_revoked()
    {
        var created = await gateway.RunAsync("keys", "create", "--name", "cli-test", "--role", "read", "--allow", "cli-keys", "--default-namespace", "cli-keys", "--json");
        Assert.Equal(0, created.ExitCode);
        var id = created.Json.GetProperty("api_key").GetProperty("id").GetString()!;
        var key = created.Json.GetProperty("key").GetString()!;

        var asReader = await gateway.RunAsync("stats", "--token", key);
        Assert.Equal(0, asReader.ExitCode);
        Assert.Contains(id, (await gateway.RunAsync("keys", "list")).Out, StringComparison.Ordinal);

        Assert.Equal(0, (await gateway.RunAsync("keys", "revoke", id)).ExitCode);
        Assert.Equal(3, (await gateway.RunAsync("stats", "--token", key)).ExitCode);
    }

    private static (int, string) Pair(CliRun run) => (run.ExitCode, run.Out.Trim());
}
