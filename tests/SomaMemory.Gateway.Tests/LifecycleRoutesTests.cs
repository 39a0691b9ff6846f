using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SomaMemory.Gateway.Tests.Support;

namespace SomaMemory.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class LifecycleRoutesTests(GatewayFixture gateway)
{
    private static string NewNamespace() => "lc-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task A_new_namespace_shows_the_default_policy_and_empty_statistics()
    {
        using var client = gateway.Factory.CreateAuthorizedClient();
        var name = NewNamespace();

        var body = await (await client.GetAsync($"/namespaces/{name}")).AssertOkJsonAsync();

        Assert.Equal(name, body.GetProperty("namespace").GetString());
        var policy = body.GetProperty("policy");
        Assert.Equal(30 * 86400, policy.GetProperty("importance_half_life_seconds").GetDouble());
        Assert.Equal("archive", policy.GetProperty("prune_action").GetString());
        Assert.Equal(0.1, policy.GetProperty("reinforcement_per_access").GetDouble());
        Assert.Equal(JsonValueKind.Null, policy.GetProperty("default_ttl_seconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, policy.GetProperty("max_memories").ValueKind);
        Assert.Equal(0, body.GetProperty("statistics").GetProperty("total_memories").GetInt64());
        Assert.Equal(0, body.GetProperty("statistics").GetProperty("archived").GetInt64());
    }

    [Fact]
    public async Task Put_changes_only_the_fields_given_and_null_removes_a_ttl_or_limit()
    {
        using var client = gateway.Factory.CreateAuthorizedClient();
        var name = NewNamespace();

        var first = await (await client.PutAsJsonAsync($"/namespaces/{name}", new Dictionary<string, object?>
        {
            ["importance_half_life_seconds"] = 3600,
            ["prune_threshold"] = 0.2,
            ["prune_action"] = "delete",
            ["default_ttl_seconds"] = 600,
            ["max_memories"] = 1000,
            ["reinforcement_per_access"] = 0.05,
            ["reinforcement_cap"] = 2,
            ["archive_retention_seconds"] = 0,
        })).AssertOkJsonAsync();
        Assert.Equal(600, first.GetProperty("policy").GetProperty("default_ttl_seconds").GetDouble());

        var second = await (await client.PutAsJsonAsync($"/namespaces/{name}", new Dictionary<string, object?>
        {
            ["default_ttl_seconds"] = null,
            ["max_memories"] = null,
        })).AssertOkJsonAsync();

        var policy = (await (await client.GetAsync($"/namespaces/{name}")).AssertOkJsonAsync()).GetProperty("policy");
        Assert.Equal(second.GetProperty("policy").ToString(), policy.ToString());
        Assert.Equal(3600, policy.GetProperty("importance_half_life_seconds").GetDouble());
        Assert.Equal(0.2, policy.GetProperty("prune_threshold").GetDouble());
        Assert.Equal("delete", policy.GetProperty("prune_action").GetString());
        Assert.Equal(0.05, policy.GetProperty("reinforcement_per_access").GetDouble());
        Assert.Equal(2, policy.GetProperty("reinforcement_cap").GetDouble());
        Assert.Equal(0, policy.GetProperty("archive_retention_seconds").GetDouble());
        Assert.Equal(384, policy.GetProperty("vector_dimension").GetInt32());
        Assert.Equal(JsonValueKind.Null, policy.GetProperty("default_ttl_seconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, policy.GetProperty("max_memories").ValueKind);
    }

    [Fact]
    public async Task Statistics_count_the_namespace_memories()
    {
        using var client = gateway.CreateClientInFreshNamespace(out var name);
        await (await client.StoreAsync("1", new { text = "a" })).AssertOkJsonAsync();
        await (await client.StoreAsync("2", new { text = "b" }, "semantic")).AssertOkJsonAsync();

        var statistics = (await (await client.GetAsync($"/namespaces/{name}")).AssertOkJsonAsync()).GetProperty("statistics");

        Assert.Equal(2, statistics.GetProperty("total_memories").GetInt64());
        Assert.Equal(1, statistics.GetProperty("semantic").GetInt64());
    }

    [Theory]
    [InlineData("""{"importance_half_life_seconds":0}""", "importance_half_life_seconds")]
    [InlineData("""{"importance_half_life_seconds":-60}""", "importance_half_life_seconds")]
    [InlineData("""{"importance_half_life_seconds":1e300}""", "importance_half_life_seconds")]
    [InlineData("""{"prune_threshold":-0.1}""", "prune_threshold")]
    [InlineData("""{"prune_threshold":1e9}""", "prune_threshold")]
    [InlineData("""{"prune_action":"shred"}""", "prune_action")]
    [InlineData("""{"reinforcement_per_access":-1}""", "reinforcement_per_access")]
    [InlineData("""{"reinforcement_cap":-1}""", "reinforcement_cap")]
    [InlineData("""{"archive_retention_seconds":-1}""", "archive_retention_seconds")]
    [InlineData("""{"default_ttl_seconds":0}""", "default_ttl_seconds")]
    [InlineData("""{"default_ttl_seconds":"soon"}""", "default_ttl_seconds")]
    [InlineData("""{"max_memories":0}""", "max_memories")]
    [InlineData("""{"max_memories":1.5}""", "max_memories")]
    [InlineData("""{"vector_dimension":0}""", "vector_dimension")]
    [InlineData("""{"embedding_model":" "}""", "embedding_model")]
    public async Task A_bad_policy_is_a_400_naming_the_field_and_the_stored_policy_is_kept(string body, string field)
    {
        using var client = gateway.Factory.CreateAuthorizedClient();
        var name = NewNamespace();
        await (await client.PutAsJsonAsync($"/namespaces/{name}", new { prune_threshold = 0.05 })).AssertOkJsonAsync();

        var detail = await (await client.PutAsync($"/namespaces/{name}", new StringContent(body, System.Text.Encoding.UTF8, "application/json")))
            .AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, detail, StringComparison.Ordinal);
        var policy = (await (await client.GetAsync($"/namespaces/{name}")).AssertOkJsonAsync()).GetProperty("policy");
        Assert.Equal(0.05, policy.GetProperty("prune_threshold").GetDouble());
    }

    [Fact]
    public async Task Wrong_types_broken_json_and_bad_names_are_clear_4xx()
    {
        using var client = gateway.Factory.CreateAuthorizedClient();
        var name = NewNamespace();

        await (await client.PutAsync($"/namespaces/{name}", new StringContent("""{"prune_threshold":"high"}""", System.Text.Encoding.UTF8, "application/json")))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PutAsync($"/namespaces/{name}", new StringContent("{", System.Text.Encoding.UTF8, "application/json")))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync("/namespaces/bad%20name")).AssertProblemAsync(HttpStatusCode.BadRequest);
        using var anonymous = gateway.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/namespaces/{name}")).StatusCode);
    }

    [Fact]
    public async Task History_lists_the_previous_versions_newest_first()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await (await client.StoreAsync("3,4", new { text = "first" })).AssertOkJsonAsync();
        await (await client.StoreAsync("3,4", new { text = "second" })).AssertOkJsonAsync();
        await (await client.StoreAsync("3,4", new { text = "third" })).AssertOkJsonAsync();

        var body = await (await client.GetAsync("/memories/3,4/history")).AssertOkJsonAsync();

        Assert.Equal("3.0,4.0", body.GetProperty("coordinate_key").GetString());
        Assert.Equal(3, body.GetProperty("current_version").GetInt64());
        Assert.True(body.GetProperty("live").GetBoolean());
        var versions = body.GetProperty("versions").EnumerateArray().ToArray();
        Assert.Equal([2L, 1L], versions.Select(version => version.GetProperty("version").GetInt64()));
        Assert.Equal("second", versions[0].GetProperty("payload").GetProperty("text").GetString());
        Assert.Equal("first", versions[1].GetProperty("payload").GetProperty("text").GetString());

        var limited = await (await client.GetAsync("/memories/3,4/history?limit=1")).AssertOkJsonAsync();
        Assert.Single(limited.GetProperty("versions").EnumerateArray());
    }

    [Fact]
    public async Task History_of_an_unknown_memory_is_404_and_a_bad_limit_is_400()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await (await client.GetAsync("/memories/9,9/history")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.StoreAsync("9,9", new { text = "x" })).AssertOkJsonAsync();
        await (await client.GetAsync("/memories/9,9/history?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync("/memories/9,9/history?limit=abc")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync("/memories/not-a-coordinate/history")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_hard_delete_erases_the_memory_and_its_history()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await (await client.StoreAsync("5,6", new { text = "forget me" })).AssertOkJsonAsync();
        await (await client.StoreAsync("5,6", new { text = "forget me, edited" })).AssertOkJsonAsync();

        var erased = await (await client.DeleteAsync("/memories/5,6?hard=true")).AssertOkJsonAsync();

        Assert.True(erased.GetProperty("deleted").GetBoolean());
        await (await client.GetAsync("/memories/5,6")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/memories/5,6/history")).AssertProblemAsync(HttpStatusCode.NotFound);
        var again = await (await client.DeleteAsync("/memories/5,6?hard=true")).AssertOkJsonAsync();
        Assert.False(again.GetProperty("deleted").GetBoolean());

        // A store after the erasure starts a new memory from version 1: nothing of the old one is left to continue.
        var restored = await (await client.StoreAsync("5,6", new { text = "new" })).AssertOkJsonAsync();
        Assert.Equal(1, restored.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_soft_delete_keeps_history_and_a_bad_hard_flag_is_400()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await (await client.StoreAsync("7,8", new { text = "kept in history" })).AssertOkJsonAsync();

        await (await client.DeleteAsync("/memories/7,8?hard=maybe")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True((await (await client.DeleteAsync("/memories/7,8?hard=false")).AssertOkJsonAsync()).GetProperty("deleted").GetBoolean());

        var history = await (await client.GetAsync("/memories/7,8/history")).AssertOkJsonAsync();
        Assert.False(history.GetProperty("live").GetBoolean());
        Assert.Equal(1, history.GetProperty("versions")[0].GetProperty("version").GetInt64());
    }
}
