using SomaMemory.Testing;

namespace SomaMemory.Cli.Tests;

public sealed class BulkAndDatabaseTests(CliGateway gateway) : IClassFixture<CliGateway>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("soma-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Bulk_stores_the_valid_lines_and_reports_the_others_by_line_number()
    {
        var file = Path.Combine(_folder, "memories.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"coord": "1,1", "payload": {"text": "first"}}""",
            """{"coord": "1,2", "payload": """,
            """{"coord": "1,abc", "payload": {"text": "bad coordinate"}}""",
            "",
            """{"coord": "1,3", "payload": {"text": "second"}, "memory_type": "semantic", "importance": 2}""",
            """[1, 2]""",
            """{"coord": "1,4", "payload": {"text": "x"}, "memory_type": "procedural"}""",
            """{"coord": "1,5"}""",
        ]);

        var run = await gateway.RunAsync(new Dictionary<string, string?> { ["SOMA_NAMESPACE"] = "cli-bulk" }, "bulk", file, "--batch-size", "2");

        Assert.Equal(1, run.ExitCode);
        var lines = run.Out.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("stored 2 memories from memories.jsonl; 5 line(s) refused.", lines[0]);
        Assert.Equal(["2", "3", "6", "7", "8"], lines.Skip(1).Select(line => line.Trim().Split(':')[0]["line ".Length..]));
        Assert.Contains("line 8: payload is required.", run.Out, StringComparison.Ordinal);
        Assert.Contains("line 7: memory_type must be", run.Out, StringComparison.Ordinal);

        var stats = await gateway.RunAsync(new Dictionary<string, string?> { ["SOMA_NAMESPACE"] = "cli-bulk" }, "stats");
        Assert.Equal("namespace cli-bulk: 2 memories (1 episodic, 1 semantic)", stats.Out.Trim());
    }

    [Fact]
    public async Task Bulk_of_a_missing_file_exits_1()
    {
        var run = await gateway.RunAsync("bulk", Path.Combine(_folder, "nope.jsonl"));
        Assert.Equal(1, run.ExitCode);
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task Db_migrate_applies_every_migration_once_then_reports_the_head()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("climigrate");
        try
        {
            var first = await gateway.RunAsync(new Dictionary<string, string?> { ["SOMA_POSTGRES"] = connectionString }, "db", "migrate", "--json");
            Assert.Equal(0, first.ExitCode);
            var applied = first.Json.GetProperty("applied").EnumerateArray().Select(name => name.GetString()!).ToArray();
            Assert.Equal(Postgres.SchemaMigrator.ShippedScripts, applied);

            var second = await gateway.RunAsync("db", "migrate", "--postgres", connectionString);
            Assert.Equal((0, "the schema is already at head."), (second.ExitCode, second.Out.Trim()));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Db_migrate_without_a_connection_string_is_a_usage_error()
    {
        var run = await gateway.RunAsync("db", "migrate");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("SOMA_POSTGRES", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Db_migrate_against_an_unreachable_server_exits_4()
    {
        var port = FreePorts.Take(1)[0];
        var run = await gateway.RunAsync("db", "migrate", "--postgres", $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=3");
        Assert.Equal(4, run.ExitCode);
        Assert.StartsWith("error: migration failed: ", run.Error, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }
}
