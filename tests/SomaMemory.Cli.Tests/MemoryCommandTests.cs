using System.Net;
using System.Text;

namespace SomaMemory.Cli.Tests;

/// <summary>soma against a running gateway: output, --json and the documented exit codes.</summary>
public sealed class MemoryCommandTests(CliGateway gateway) : IClassFixture<CliGateway>
{
    private static Dictionary<string, string?> InNamespace(string memoryNamespace) => new() { ["SOMA_NAMESPACE"] = memoryNamespace };

    [Fact]
    public async Task Store_get_search_and_delete_print_readable_lines_and_exit_0()
    {
        var ns = InNamespace("cli-basic");
        var stored = await gateway.RunAsync(ns, "store", "1,2,3", """{"text": "the cat sat on the mat"}""", "--type", "semantic");
        Assert.Equal((0, "stored 1.0,2.0,3.0 (semantic, version 1)\n"), (stored.ExitCode, stored.Out.ReplaceLineEndings("\n")));

        var got = await gateway.RunAsync(ns, "get", "1.0,2.0,3.0");
        Assert.Equal(0, got.ExitCode);
        Assert.Contains("coordinate  1.0,2.0,3.0", got.Out, StringComparison.Ordinal);
        Assert.Contains("the cat sat on the mat", got.Out, StringComparison.Ordinal);

        var found = await gateway.RunAsync(ns, "search", "mat", "--mode", "keyword");
        Assert.Equal(0, found.ExitCode);
        Assert.Contains("1.0,2.0,3.0", found.Out, StringComparison.Ordinal);

        var deleted = await gateway.RunAsync(ns, "delete", "1,2,3");
        Assert.Equal((0, "deleted 1,2,3"), (deleted.ExitCode, deleted.Out.Trim()));
        var gone = await gateway.RunAsync(ns, "get", "1,2,3");
        Assert.Equal(2, gone.ExitCode);
        Assert.Contains("no memory at 1,2,3", gone.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await gateway.RunAsync(ns, "delete", "1,2,3")).ExitCode);
    }

    [Fact]
    public async Task Json_output_is_one_parseable_document_per_command()
    {
        var ns = InNamespace("cli-json");
        var stored = await gateway.RunAsync(ns, "store", "5", "--text", "stored with --text", "--importance", "0.25", "--json");
        Assert.Equal(0, stored.ExitCode);
        Assert.Equal("5.0", stored.Json.GetProperty("coordinate_key").GetString());
        Assert.Equal("episodic", stored.Json.GetProperty("kind").GetString());

        var got = await gateway.RunAsync(ns, "get", "5", "--json");
        Assert.Equal("stored with --text", got.Json.GetProperty("payload").GetProperty("text").GetString());
        Assert.Equal(0.25, got.Json.GetProperty("importance").GetDouble());

        var stats = await gateway.RunAsync(ns, "stats", "--json");
        Assert.Equal(1, stats.Json.GetProperty("total_memories").GetInt64());
        Assert.Equal("cli-json", stats.Json.GetProperty("namespace").GetString());

        var hits = await gateway.RunAsync(ns, "search", "stored", "--mode", "keyword", "--json");
        Assert.Equal("5.0", hits.Json[0].GetProperty("coordinate_key").GetString());
    }

    [Fact]
    public async Task The_namespace_flag_wins_over_the_environment()
    {
        Assert.Equal(0, (await gateway.RunAsync(InNamespace("cli-env"), "store", "9", "--text", "in cli-env")).ExitCode);

        Assert.Equal(0, (await gateway.RunAsync(InNamespace("cli-env"), "get", "9")).ExitCode);
        Assert.Equal(2, (await gateway.RunAsync(InNamespace("cli-env"), "get", "9", "--namespace", "cli-other")).ExitCode);
        Assert.Equal(0, (await gateway.RunAsync(InNamespace("cli-other"), "get", "9", "-n", "cli-env")).ExitCode);
    }

    [Fact]
    public async Task A_missing_or_wrong_token_exits_3_with_a_clear_message()
    {
        var noToken = await gateway.RunAsync(new Dictionary<string, string?> { ["SOMA_API_TOKEN"] = null }, "stats");
        Assert.Equal(3, noToken.ExitCode);
        Assert.Contains("authentication failed (401): Missing Authorization header", noToken.Error, StringComparison.Ordinal);
        Assert.Contains("SOMA_API_TOKEN", noToken.Error, StringComparison.Ordinal);
        noToken.AssertNoStackTrace();

        var wrong = await gateway.RunAsync("stats", "--token", "not-the-token");
        Assert.Equal(3, wrong.ExitCode);
        Assert.Contains("Invalid API token.", wrong.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_exits_1_with_the_servers_detail()
    {
        var badCoordinate = await gateway.RunAsync("get", "1,abc");
        Assert.Equal(1, badCoordinate.ExitCode);
        Assert.StartsWith("error: refused (400): ", badCoordinate.Error, StringComparison.Ordinal);
        badCoordinate.AssertNoStackTrace();

        var badTtl = await gateway.RunAsync("store", "1", "--text", "x", "--ttl", "-3");
        Assert.Equal(1, badTtl.ExitCode);
        Assert.Contains("ttl_seconds must be", badTtl.Error, StringComparison.Ordinal);

        var badJson = await gateway.RunAsync("store", "1", "{not json");
        Assert.Equal(1, badJson.ExitCode);
        Assert.StartsWith("error: payload is not valid JSON", badJson.Error, StringComparison.Ordinal);

        var badNamespace = await gateway.RunAsync("stats", "--namespace", "no/slashes");
        Assert.Equal(1, badNamespace.ExitCode);
        Assert.Contains("is not a valid namespace", badNamespace.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_errors_exit_1()
    {
        Assert.Equal(1, (await gateway.RunAsync("get")).ExitCode);
        Assert.Equal(1, (await gateway.RunAsync("store", "1", "--no-such-option")).ExitCode);
        Assert.Equal(1, (await gateway.RunAsync("search", "x", "--mode", "fuzzy")).ExitCode);
        var badUrl = await gateway.RunAsync("stats", "--url", "not a url");
        Assert.Equal(1, badUrl.ExitCode);
        Assert.Contains("--url must be an absolute http(s) URL", badUrl.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_gateway_exits_4_with_a_clear_message()
    {
        var port = Testing.FreePorts.Take(1)[0];
        var run = await CliRun.RunAsync(["stats", "--url", $"http://127.0.0.1:{port}"], new Dictionary<string, string?>(), handler: null);
        Assert.Equal(4, run.ExitCode);
        Assert.StartsWith($"error: Could not reach SomaMemory at http://127.0.0.1:{port}/", run.Error, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task A_server_error_exits_4_and_prints_its_detail_not_a_stack_trace()
    {
        // No real gateway can be made to fail on demand, so this one answer comes from a handler.
        var run = await CliRun.RunAsync(["get", "1"], new Dictionary<string, string?>(), () => new ProblemHandler());
        Assert.Equal(4, run.ExitCode);
        Assert.Equal("error: server error (503): The memory grid is not reachable right now; retry shortly.", run.Error.Trim());
    }

    [Fact]
    public async Task Health_reports_every_service_and_its_exit_code_follows_the_status()
    {
        var run = await gateway.RunAsync("health");
        Assert.Contains("postgresql", run.Out, StringComparison.Ordinal);
        var json = await gateway.RunAsync("health", "--json");
        var healthy = json.Json.GetProperty("healthy").GetBoolean();
        Assert.Equal(healthy ? 0 : 4, run.ExitCode);
        Assert.StartsWith(healthy ? "status: healthy" : "status: ", run.Out, StringComparison.Ordinal);
    }

    private sealed class ProblemHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            {
                Content = new StringContent("""{"status":503,"detail":"The memory grid is not reachable right now; retry shortly."}""", Encoding.UTF8, "application/problem+json"),
            });
    }
}
