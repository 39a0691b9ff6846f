using System.Net;
using System.Text.Json;
using SomaMemory.Gateway.Tests.Support;

namespace SomaMemory.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class MemoryRoutesTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Store_answers_the_coordinate_as_sent_and_the_type()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);

        var body = await (await client.StoreAsync("1, 2, 3", new { text = "hello" }, "semantic")).AssertOkJsonAsync();

        Assert.Equal("1, 2, 3", body.GetProperty("coord").GetString());
        Assert.Equal("semantic", body.GetProperty("memory_type").GetString());
        Assert.Equal("1.0,2.0,3.0", body.GetProperty("coordinate_key").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Get_returns_the_memory_in_SFM_shape()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await (await client.StoreAsync("1.5,-2", new { text = "hello", n = 3 })).AssertOkJsonAsync();

        var memory = (await (await client.GetAsync("/memories/1.5,-2")).AssertOkJsonAsync()).GetProperty("memory");

        Assert.Equal([1.5, -2.0], memory.GetProperty("coordinate").EnumerateArray().Select(value => value.GetDouble()));
        Assert.Equal("hello", memory.GetProperty("payload").GetProperty("text").GetString());
        Assert.Equal(3, memory.GetProperty("payload").GetProperty("n").GetInt32());
        Assert.Equal("episodic", memory.GetProperty("memory_type").GetString());
        Assert.Equal(JsonValueKind.Object, memory.GetProperty("metadata").ValueKind);
        Assert.Equal(1.0, memory.GetProperty("importance").GetDouble());
        var created = memory.GetProperty("created_at").GetString()!;
        Assert.True(DateTimeOffset.TryParse(created, System.Globalization.CultureInfo.InvariantCulture, out _), created);
        Assert.EndsWith("+00:00", created, StringComparison.Ordinal); // ISO-8601 with offset, as Python's isoformat()
        Assert.Equal(JsonValueKind.String, memory.GetProperty("updated_at").ValueKind);
    }

    [Fact]
    public async Task Equivalent_spellings_of_a_coordinate_name_the_same_memory()
    {
        using var client = gateway.CreateClientInFreshNamespace(out var memoryNamespace);
        await (await client.StoreAsync("1,2", new { v = 1 })).AssertOkJsonAsync();
        var second = await (await client.StoreAsync("1.0, 2.0", new { v = 2 })).AssertOkJsonAsync();

        Assert.Equal(2, second.GetProperty("version").GetInt64());
        var memory = (await (await client.GetAsync("/memories/1e0,%202.00")).AssertOkJsonAsync()).GetProperty("memory");
        Assert.Equal(2, memory.GetProperty("payload").GetProperty("v").GetInt32());
        var stats = await (await client.GetAsync("/stats")).AssertOkJsonAsync();
        Assert.Equal(1, stats.GetProperty("total_memories").GetInt64());
        Assert.Equal(memoryNamespace, stats.GetProperty("namespace").GetString());
    }

    [Fact]
    public async Task A_missing_memory_is_a_json_404_with_SFM_detail()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);

        var detail = await (await client.GetAsync("/memories/9,9,9")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("Memory not found", detail);
    }

    [Fact]
    public async Task Delete_reports_whether_something_was_deleted_and_the_memory_is_gone()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await (await client.StoreAsync("4,4", new { v = 1 })).AssertOkJsonAsync();

        var first = await (await client.DeleteAsync("/memories/4.0,4.0")).AssertOkJsonAsync();
        var second = await (await client.DeleteAsync("/memories/4,4")).AssertOkJsonAsync();

        Assert.Equal("4.0,4.0", first.GetProperty("coord").GetString());
        Assert.True(first.GetProperty("deleted").GetBoolean());
        Assert.False(second.GetProperty("deleted").GetBoolean());
        await (await client.GetAsync("/memories/4,4")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Storing_a_deleted_memory_revives_it()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await (await client.StoreAsync("5", new { v = 1 })).AssertOkJsonAsync();
        await (await client.DeleteAsync("/memories/5")).AssertOkJsonAsync();

        await (await client.StoreAsync("5", new { v = 2 })).AssertOkJsonAsync();

        var memory = (await (await client.GetAsync("/memories/5")).AssertOkJsonAsync()).GetProperty("memory");
        Assert.Equal(2, memory.GetProperty("payload").GetProperty("v").GetInt32());
    }

    [Fact]
    public async Task Extensions_importance_metadata_and_ttl_are_stored()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        var response = await client.PostRawAsync("/memories",
            """{"coord":"6","payload":{"a":1},"importance":0.25,"metadata":{"source":"unit"},"ttl_seconds":3600}""");
        await response.AssertOkJsonAsync();

        var memory = (await (await client.GetAsync("/memories/6")).AssertOkJsonAsync()).GetProperty("memory");

        Assert.Equal(0.25, memory.GetProperty("importance").GetDouble());
        Assert.Equal("unit", memory.GetProperty("metadata").GetProperty("source").GetString());
        var expires = DateTimeOffset.Parse(memory.GetProperty("expires_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(58), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task Namespaces_do_not_see_each_other()
    {
        using var owner = gateway.CreateClientInFreshNamespace(out _);
        using var stranger = gateway.CreateClientInFreshNamespace(out _);
        await (await owner.StoreAsync("7,7", new { secret = true })).AssertOkJsonAsync();

        await (await stranger.GetAsync("/memories/7,7")).AssertProblemAsync(HttpStatusCode.NotFound);
        var deleted = await (await stranger.DeleteAsync("/memories/7,7")).AssertOkJsonAsync();
        Assert.False(deleted.GetProperty("deleted").GetBoolean());
        await (await owner.GetAsync("/memories/7,7")).AssertOkJsonAsync();
    }

    [Fact]
    public async Task The_Gen2_tenant_header_selects_the_namespace_too()
    {
        using var owner = gateway.CreateClientInFreshNamespace(out var memoryNamespace);
        await (await owner.StoreAsync("8", new { v = 1 })).AssertOkJsonAsync();
        using var tenantClient = gateway.Factory.CreateAuthorizedClient();
        tenantClient.DefaultRequestHeaders.Add("X-Soma-Tenant", memoryNamespace);

        await (await tenantClient.GetAsync("/memories/8")).AssertOkJsonAsync();
    }

    [Fact]
    public async Task Without_a_header_the_default_namespace_is_used()
    {
        using var client = gateway.Factory.CreateAuthorizedClient();

        var stats = await (await client.GetAsync("/stats")).AssertOkJsonAsync();

        Assert.Equal("default", stats.GetProperty("namespace").GetString());
    }
}
