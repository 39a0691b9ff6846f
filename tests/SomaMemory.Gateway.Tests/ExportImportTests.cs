using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SomaMemory.Gateway.Tests.Support;

namespace SomaMemory.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class ExportImportTests(GatewayFixture gateway)
{
    private static async Task SeedAsync(HttpClient client)
    {
        var items = new object[]
        {
            new { coord = "1,2", payload = new { text = "apples are red" }, memory_type = "semantic", metadata = new { source = "chat" }, importance = 0.5, ttl_seconds = 86_400.0 },
            new { coord = "3", payload = new { text = "bananas are yellow", tags = new[] { "fruit" } } },
            new { coord = "-1.5,0", payload = new { text = "grapes are purple" }, vector = Enumerable.Range(0, 384).Select(d => d % 7 == 0 ? 1f : 0.1f).ToArray() },
            new { coord = "10", payload = new { text = "cherries are dark red", nested = new { deep = true } } },
            new { coord = "2e3", payload = new { content = "plums are sour" } },
        };
        var stored = await (await client.PostAsJsonAsync("/memories/bulk", new { items })).AssertOkJsonAsync();
        Assert.Equal(items.Length, stored.GetProperty("stored").GetInt32());
        // A second store gives one memory version 2, which the round trip must keep.
        await (await client.StoreAsync("10", new { text = "cherries are dark red", nested = new { deep = true } })).AssertOkJsonAsync();
        await (await client.DeleteAsync("/memories/3")).AssertOkJsonAsync();
        await (await client.StoreAsync("3", new { text = "bananas are yellow" })).AssertOkJsonAsync();
        await (await client.StoreAsync("99", new { text = "a deleted memory is not exported" })).AssertOkJsonAsync();
        await (await client.DeleteAsync("/memories/99")).AssertOkJsonAsync();
    }

    private static async Task<string> ExportTextAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync("/memories/export" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    private static JsonObject[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject()).ToArray();

    /// <summary>A line without its cursor, which names the namespace it came from.</summary>
    private static string WithoutCursor(JsonObject line)
    {
        var copy = line.DeepClone().AsObject();
        Assert.True(copy.Remove("cursor"));
        return copy.ToJsonString();
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, string lines) =>
        client.PostAsync("/memories/import", new StringContent(lines, Encoding.UTF8, "application/x-ndjson"));

    [Fact]
    public async Task Links_travel_with_the_export_and_import_with_their_type_strength_and_metadata()
    {
        using var source = gateway.CreateClientInFreshNamespace(out _);
        await SeedAsync(source);
        await (await source.PostAsJsonAsync("/graph/links", new
        {
            links = new object[]
            {
                new { from_coord = "1,2", to_coord = "3", link_type = "cause", strength = 0.5, metadata = new { why = "round trip" } },
                new { from_coord = "3", to_coord = "10", link_type = "related", strength = 2.0 },
                new { from_coord = "10", to_coord = "77", link_type = "mentions", strength = 1.0 }, // to an empty coordinate
            },
        })).AssertOkJsonAsync();
        var exported = await ExportTextAsync(source);
        var sourceLinks = Lines(exported).Where(line => (string)line["kind"]! == "link").ToArray();

        using var target = gateway.CreateClientInFreshNamespace(out _);
        var result = await (await ImportAsync(target, exported)).AssertOkJsonAsync();
        var targetLinks = Lines(await ExportTextAsync(target)).Where(line => (string)line["kind"]! == "link").ToArray();

        Assert.Equal(3, sourceLinks.Length);
        Assert.Equal(3, result.GetProperty("links").GetInt64());
        Assert.Equal(0, result.GetProperty("failed").GetInt64());
        // Imported links are written at import time; everything else of them travels unchanged.
        static string Essence(JsonObject line) =>
            $"{line["from_coord"]}>{line["to_coord"]}:{line["link_type"]}:{line["strength"]}:{line["metadata"]!.ToJsonString()}";
        Assert.Equal(sourceLinks.Select(Essence), targetLinks.Select(Essence));
        var path = await (await target.GetAsync("/graph/path?from_coord=1,2&to_coord=77")).AssertOkJsonAsync();
        Assert.Equal(["cause", "related", "mentions"], path.GetProperty("link_types").EnumerateArray().Select(type => type.GetString()));
    }

    [Fact]
    public async Task An_export_imported_into_an_empty_namespace_reproduces_every_field_and_is_searchable()
    {
        using var source = gateway.CreateClientInFreshNamespace(out _);
        await SeedAsync(source);
        var exported = await ExportTextAsync(source);
        var sourceLines = Lines(exported);

        using var target = gateway.CreateClientInFreshNamespace(out _);
        var result = await (await ImportAsync(target, exported)).AssertOkJsonAsync();
        var targetLines = Lines(await ExportTextAsync(target));

        Assert.Equal(["-1.5,0.0", "1.0,2.0", "10.0", "2000.0", "3.0"], sourceLines.Select(line => (string)line["coord"]!).Order(StringComparer.Ordinal));
        Assert.All(sourceLines, line => Assert.Equal("memory", (string)line["kind"]!));
        Assert.Equal(5, result.GetProperty("imported").GetInt64());
        Assert.Equal(0, result.GetProperty("failed").GetInt64());
        Assert.Equal(sourceLines.Select(WithoutCursor), targetLines.Select(WithoutCursor));
        var cherries = sourceLines.Single(line => (string)line["coord"]! == "10.0");
        Assert.Equal(2, (long)cherries["version"]!);
        Assert.Equal("all-MiniLM-L6-v2", (string)cherries["embedding_model"]!);
        Assert.Equal(384 * 4, Convert.FromBase64String((string)cherries["embedding"]!).Length);
        var apples = sourceLines.Single(line => (string)line["coord"]! == "1.0,2.0");
        Assert.Equal("semantic", (string)apples["memory_type"]!);
        Assert.Equal("chat", (string)apples["metadata"]!["source"]!);
        Assert.Equal(0.5, (double)apples["importance"]!);
        Assert.NotNull(apples["expires_at"]);

        await SearchTests.WaitUntilSearchableAsync(target, 5);
        var hits = await (await target.PostAsJsonAsync("/memories/search", new { query = "yellow bananas", top_k = 1 })).AssertOkJsonAsync();
        Assert.Equal("3.0", hits.GetProperty("memories")[0].GetProperty("coordinate_key").GetString());
        var got = await (await target.GetAsync("/memories/1,2")).AssertOkJsonAsync();
        Assert.Equal("apples are red", got.GetProperty("memory").GetProperty("payload").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Importing_twice_changes_nothing_the_second_time()
    {
        using var source = gateway.CreateClientInFreshNamespace(out _);
        await SeedAsync(source);
        var exported = await ExportTextAsync(source);
        using var target = gateway.CreateClientInFreshNamespace(out _);
        await (await ImportAsync(target, exported)).AssertOkJsonAsync();
        var first = (await ExportTextAsync(target)).Split('\n');

        var again = await (await ImportAsync(target, exported)).AssertOkJsonAsync();

        Assert.Equal(0, again.GetProperty("imported").GetInt64());
        Assert.Equal(5, again.GetProperty("unchanged").GetInt64());
        Assert.Equal(first, (await ExportTextAsync(target)).Split('\n'));
        // Importing into the namespace it came from is also a no-op.
        var home = await (await ImportAsync(source, exported)).AssertOkJsonAsync();
        Assert.Equal(5, home.GetProperty("unchanged").GetInt64());
    }

    [Fact]
    public async Task A_newer_line_replaces_a_memory_without_moving_its_version_back_and_an_older_one_does_not()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        for (var i = 0; i < 3; i++)
        {
            await (await client.StoreAsync("7", new { text = $"draft {i}" })).AssertOkJsonAsync();
        }

        var older = """{"kind":"memory","coord":"7","payload":{"text":"ancient"},"created_at":"2001-01-01T00:00:00Z","updated_at":"2001-01-01T00:00:00Z","version":9}""";
        var newer = """{"kind":"memory","coord":"7.0","payload":{"text":"from the future"},"created_at":"2001-01-01T00:00:00Z","updated_at":"2999-01-01T00:00:00.1234567Z","version":1}""";

        var first = await (await ImportAsync(client, older + "\n")).AssertOkJsonAsync();
        var second = await (await ImportAsync(client, newer)).AssertOkJsonAsync();
        var third = await (await ImportAsync(client, newer)).AssertOkJsonAsync();

        Assert.Equal(1, first.GetProperty("unchanged").GetInt64());
        Assert.Equal(1, second.GetProperty("imported").GetInt64());
        Assert.Equal(1, third.GetProperty("unchanged").GetInt64());
        var memory = (await (await client.GetAsync("/memories/7")).AssertOkJsonAsync()).GetProperty("memory");
        Assert.Equal("from the future", memory.GetProperty("payload").GetProperty("text").GetString());
        Assert.Equal(4, memory.GetProperty("version").GetInt64());
        Assert.Equal(new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero), memory.GetProperty("created_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Invalid_lines_are_reported_by_number_and_the_valid_ones_still_import()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        const string Time = "\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-02T00:00:00Z\"";
        var lines = new[]
        {
            $$"""{"kind":"memory","coord":"1","payload":{"text":"valid one"},{{Time}}}""",
            """{"kind":"memory","coord":"2",""",
            $$"""{"kind":"memo","coord":"3","payload":{},{{Time}}}""",
            "",
            """{"kind":"memory","coord":"4","payload":{"text":"no times"}}""",
            $$"""{"coord":"5","payload":{},{{Time}}}""",
            $$"""{"kind":"memory","coord":"NaN","payload":{},{{Time}}}""",
            $$"""{"kind":"memory","coord":"6","payload":{},"embedding":[1,2,3],{{Time}}}""",
            $$"""{"kind":"memory","coord":"7","payload":{},"importance":-1,{{Time}}}""",
            "[1,2]",
            $$"""{"kind":"memory","coord":"8","payload":{"text":"valid two"},"memory_type":"semantic",{{Time}}}""",
            $$"""{"kind":"memory","coord":"9","payload":{},"embedding":"not base64!",{{Time}}}""",
            $$"""{"kind":"memory","coord":"10","payload":{},"expires_at":"2000-01-01T00:00:00Z",{{Time}}}""",
        };

        var result = await (await ImportAsync(client, string.Join("\r\n", lines))).AssertOkJsonAsync();

        Assert.Equal(2, result.GetProperty("imported").GetInt64());
        Assert.Equal(1, result.GetProperty("expired").GetInt64());
        var errors = result.GetProperty("errors").EnumerateArray().ToArray();
        Assert.Equal([2L, 3, 5, 6, 7, 8, 9, 10, 12], errors.Select(error => error.GetProperty("line").GetInt64()));
        Assert.Equal(9, result.GetProperty("failed").GetInt64());
        Assert.False(result.GetProperty("errors_truncated").GetBoolean());
        Assert.All(errors, error => Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("detail").GetString())));
        Assert.Contains("memo", errors[1].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("updated_at", errors[2].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("384", errors[5].GetProperty("detail").GetString(), StringComparison.Ordinal);
        var stats = await (await client.GetAsync("/stats")).AssertOkJsonAsync();
        Assert.Equal(2, stats.GetProperty("total_memories").GetInt64());
        await SearchTests.WaitUntilSearchableAsync(client, 2);
    }

    private static string DecodeCursor(string cursor)
    {
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        return Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
    }

    [Fact]
    public async Task An_export_resumes_from_the_cursor_of_any_line()
    {
        using var client = gateway.CreateClientInFreshNamespace(out var memoryNamespace);
        await SeedAsync(client);
        var whole = Lines(await ExportTextAsync(client));

        var pieces = new List<JsonObject>();
        var query = "?limit=2";
        for (var request = 0; request < 10; request++)
        {
            var page = Lines(await ExportTextAsync(client, query));
            pieces.AddRange(page);
            if (page.Length < 2)
            {
                break;
            }

            query = "?limit=2&cursor=" + Uri.EscapeDataString((string)page[^1]["cursor"]!);
        }

        Assert.Equal(whole.Select(line => line.ToJsonString()), pieces.Select(line => line.ToJsonString()));
        var afterThird = Lines(await ExportTextAsync(client, "?cursor=" + Uri.EscapeDataString((string)whole[2]["cursor"]!)));
        Assert.Equal(whole.Skip(3).Select(line => line.ToJsonString()), afterThird.Select(line => line.ToJsonString()));
        Assert.Empty(Lines(await ExportTextAsync(client, "?cursor=" + Uri.EscapeDataString((string)whole[^1]["cursor"]!))));
        // A cursor holds only its phase and position: short enough to repeat on every line.
        Assert.Equal("""{"ns":"NS","phase":"memories","key":"1.0,2.0"}""".Replace("NS", memoryNamespace, StringComparison.Ordinal), DecodeCursor((string)whole[1]["cursor"]!));
    }

    [Theory]
    [InlineData("?cursor=not-a-cursor", HttpStatusCode.BadRequest)]
    [InlineData("?cursor=eyJucyI6MX0", HttpStatusCode.BadRequest)]
    [InlineData("?cursor=eyJwaGFzZSI6Im1lbW9yaWVzIn0", HttpStatusCode.BadRequest)]
    [InlineData("?limit=0", HttpStatusCode.UnprocessableEntity)]
    [InlineData("?limit=many", HttpStatusCode.UnprocessableEntity)]
    public async Task A_bad_cursor_or_limit_is_refused(string query, HttpStatusCode status)
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);

        await (await client.GetAsync("/memories/export" + query)).AssertProblemAsync(status);
    }

    [Fact]
    public async Task A_cursor_of_another_namespace_is_refused()
    {
        using var first = gateway.CreateClientInFreshNamespace(out _);
        await (await first.StoreAsync("1", new { text = "one" })).AssertOkJsonAsync();
        var cursor = (string)Lines(await ExportTextAsync(first))[0]["cursor"]!;
        using var second = gateway.CreateClientInFreshNamespace(out _);

        var detail = await (await second.GetAsync("/memories/export?cursor=" + Uri.EscapeDataString(cursor))).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("namespace", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lines_without_an_embedding_are_embedded_by_the_grid()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        var line = """{"kind":"memory","coord":"1","payload":{"text":"the ocean is deep and blue"},"updated_at":"2026-01-02T00:00:00Z"}""";

        var result = await (await ImportAsync(client, line)).AssertOkJsonAsync();

        Assert.Equal(1, result.GetProperty("imported").GetInt64());
        var exported = Lines(await ExportTextAsync(client)).Single();
        Assert.Equal("all-MiniLM-L6-v2", (string)exported["embedding_model"]!);
        Assert.Equal("2026-01-02T00:00:00+00:00", (string)exported["created_at"]!);
        await SearchTests.WaitUntilSearchableAsync(client, 1);
    }

    [Fact]
    public async Task An_import_must_be_sent_as_json_lines()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);

        var detail = await (await client.PostRawAsync("/memories/import", "{}")).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);

        Assert.Contains("application/x-ndjson", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_and_import_need_the_token()
    {
        using var anonymous = gateway.Factory.CreateClient();

        await (await anonymous.GetAsync("/memories/export")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await ImportAsync(anonymous, """{"kind":"memory","coord":"1","payload":{},"updated_at":"2026-01-02T00:00:00Z"}""")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
