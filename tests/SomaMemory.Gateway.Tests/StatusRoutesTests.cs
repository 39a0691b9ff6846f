using System.Net;
using System.Text.Json;
using SomaMemory.Gateway.Tests.Support;

namespace SomaMemory.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class StatusRoutesTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Root_and_ping_are_open()
    {
        using var client = gateway.Factory.CreateClient();

        var root = await (await client.GetAsync("/")).AssertOkJsonAsync();
        var ping = await (await client.GetAsync("/ping")).AssertOkJsonAsync();

        Assert.Equal("online", root.GetProperty("status").GetString());
        Assert.Equal("/metrics", root.GetProperty("metrics").GetString());
        Assert.Equal("pong", ping.GetProperty("ping").GetString());
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Probes_are_open_and_report_every_store(string path)
    {
        using var client = gateway.Factory.CreateClient();

        var body = await (await client.GetAsync(path)).AssertOkJsonAsync();

        Assert.True(body.GetProperty("kv_store").GetBoolean());
        Assert.True(body.GetProperty("vector_store").GetBoolean());
        Assert.True(body.GetProperty("graph_store").GetBoolean());
    }

    [Fact]
    public async Task Health_requires_auth_and_details_every_dependency()
    {
        using var anonymous = gateway.Factory.CreateClient();
        await (await anonymous.GetAsync("/health")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        using var client = gateway.CreateClientInFreshNamespace(out _);
        await (await client.StoreAsync("1", new { v = 1 }, "semantic")).AssertOkJsonAsync();
        // The grid-wide counts are shared for 5 s (GridCounts): a count made before the store may still be served.
        var health = await (await client.GetAsync("/health")).AssertOkJsonAsync();
        for (var attempt = 0; attempt < 100 && health.GetProperty("database").GetProperty("semantic_memories").GetInt64() < 1; attempt++)
        {
            await Task.Delay(100);
            health = await (await client.GetAsync("/health")).AssertOkJsonAsync();
        }

        Assert.True(health.GetProperty("healthy").GetBoolean());
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(health.GetProperty("version").GetString()));
        Assert.True(health.GetProperty("uptime_seconds").GetDouble() >= 0);
        var services = health.GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.True(services["postgresql"].GetProperty("healthy").GetBoolean());
        Assert.True(services["orleans-cluster"].GetProperty("healthy").GetBoolean());
        Assert.Equal(JsonValueKind.Number, services["postgresql"].GetProperty("latency_ms").ValueKind);
        var database = health.GetProperty("database");
        Assert.True(database.GetProperty("total_memories").GetInt64() >= 1);
        Assert.True(database.GetProperty("semantic_memories").GetInt64() >= 1);
        Assert.True(database.GetProperty("total_namespaces").GetInt64() >= 1);
        Assert.Equal(JsonValueKind.Number, database.GetProperty("total_graph_links").ValueKind);
    }

    [Fact]
    public async Task Stats_requires_auth_and_counts_the_namespace_by_type()
    {
        using var anonymous = gateway.Factory.CreateClient();
        await (await anonymous.GetAsync("/stats")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        using var client = gateway.CreateClientInFreshNamespace(out var memoryNamespace);
        await (await client.StoreAsync("1", new { v = 1 }, "semantic")).AssertOkJsonAsync();
        await (await client.StoreAsync("2", new { v = 1 })).AssertOkJsonAsync();
        await (await client.StoreAsync("3", new { v = 1 })).AssertOkJsonAsync();

        var stats = await (await client.GetAsync("/stats")).AssertOkJsonAsync();

        Assert.Equal(3, stats.GetProperty("total_memories").GetInt64());
        Assert.Equal(2, stats.GetProperty("episodic").GetInt64());
        Assert.Equal(1, stats.GetProperty("semantic").GetInt64());
        Assert.Equal(memoryNamespace, stats.GetProperty("namespace").GetString());
    }

    [Fact]
    public async Task Metrics_are_open_prometheus_text_with_the_orleans_meter()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await (await client.StoreAsync("1", new { v = 1 })).AssertOkJsonAsync();
        using var anonymous = gateway.Factory.CreateClient();

        // The Prometheus exporter caches a scrape briefly, so ask until the store's own histogram shows up.
        var text = "";
        for (var attempt = 0; attempt < 20 && !text.Contains("soma_memory_store_duration", StringComparison.Ordinal); attempt++)
        {
            var response = await anonymous.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
            await Task.Delay(250);
        }

        Assert.Contains("orleans_", text, StringComparison.Ordinal);
        Assert.Contains("soma_memory_store_duration", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/openapi.json")]
    [InlineData("/openapi/v1.json")]
    public async Task The_openapi_document_describes_every_route_with_summary_and_errors(string path)
    {
        using var client = gateway.Factory.CreateClient();

        var document = await (await client.GetAsync(path)).AssertOkJsonAsync();

        var paths = document.GetProperty("paths");
        foreach (var route in new[] { "/memories", "/memories/{coord}", "/health", "/stats", "/healthz", "/readyz", "/ping", "/" })
        {
            Assert.True(paths.TryGetProperty(route, out _), $"{route} is missing from {path}");
        }

        foreach (var route in paths.EnumerateObject())
        {
            foreach (var operation in route.Value.EnumerateObject())
            {
                Assert.True(operation.Value.TryGetProperty("summary", out _), $"{operation.Name} {route.Name} has no summary");
                Assert.True(operation.Value.GetProperty("responses").EnumerateObject().Any(), $"{operation.Name} {route.Name} has no responses");
            }
        }

        var store = paths.GetProperty("/memories").GetProperty("post");
        Assert.True(store.TryGetProperty("requestBody", out _));
        Assert.True(store.GetProperty("responses").TryGetProperty("422", out _));
        Assert.DoesNotContain(paths.EnumerateObject(), route => route.Name.StartsWith("/dashboard", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Interactive_docs_are_served()
    {
        using var client = gateway.Factory.CreateClient();

        var response = await client.GetAsync("/docs/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_requires_auth()
    {
        using var anonymous = gateway.Factory.CreateClient();
        using var client = gateway.Factory.CreateAuthorizedClient();

        await (await anonymous.GetAsync("/dashboard/")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard/")).StatusCode);
    }
}
