using System.Net;
using System.Net.Http.Json;
using SomaMemory.Gateway.Tests.Support;

namespace SomaMemory.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class BulkTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Valid_items_are_stored_and_invalid_ones_reported_by_index()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        var body = """
            {"items":[
              {"coord":"1","payload":{"text":"apples are red"}},
              {"coord":"NaN","payload":{}},
              {"coord":"2","payload":{"text":"bananas are yellow"},"memory_type":"semantic"},
              {"coord":"3","payload":[1]},
              {"coord":"2.0","payload":{"text":"a repeat of item 2"}},
              {"coord":"4","payload":{"text":"grapes are purple"},"vector":[1,2,3]},
              null,
              {"coord":"5","payload":{"text":"cherries are dark red"}}
            ]}
            """;

        var result = await (await client.PostRawAsync("/memories/bulk", body)).AssertOkJsonAsync();

        Assert.Equal(3, result.GetProperty("stored").GetInt32());
        var errors = result.GetProperty("errors").EnumerateArray().ToArray();
        Assert.Equal([1, 3, 4, 5, 6], errors.Select(error => error.GetProperty("index").GetInt32()));
        Assert.All(errors, error => Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("detail").GetString())));
        await SearchTests.WaitUntilSearchableAsync(client, 3);
        var hits = (await (await client.PostAsJsonAsync("/memories/search", new { query = "red fruit", top_k = 2 })).AssertOkJsonAsync())
            .GetProperty("memories").EnumerateArray().Select(hit => hit.GetProperty("payload").GetProperty("text").GetString()).Order();
        Assert.Equal(["apples are red", "cherries are dark red"], hits);
    }

    [Fact]
    public async Task A_thousand_items_reach_an_active_index_through_the_change_stream()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        // The index is active and loaded before the store, so only change events can bring these memories within the
        // wait: the reconciler's first pass is a minute away. A bulk's events must also stay under the memory
        // streams' message size, or they are dropped.
        var before = await (await client.PostAsJsonAsync("/memories/search", new { vector = Enumerable.Repeat(1f, 384).ToArray(), mode = "vector", top_k = 1 })).AssertOkJsonAsync();
        Assert.Empty(before.GetProperty("memories").EnumerateArray());
        var items = Enumerable.Range(0, 1000).Select(i => new
        {
            coord = $"{i},1",
            payload = new { i },
            vector = Enumerable.Range(0, 384).Select(d => d == i % 384 ? 1f : 0.01f * (i % 7)).ToArray(),
        }).ToArray();

        var result = await (await client.PostAsJsonAsync("/memories/bulk", new { items })).AssertOkJsonAsync();

        Assert.Equal(1000, result.GetProperty("stored").GetInt32());
        await SearchTests.WaitUntilSearchableAsync(client, 1000);
    }

    [Fact]
    public async Task Items_may_bring_their_own_vectors()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        var items = Enumerable.Range(0, 50).Select(i => new
        {
            coord = $"{i},0",
            payload = new { i },
            vector = Enumerable.Range(0, 384).Select(d => d == i ? 1f : 0.01f).ToArray(),
        }).ToArray();

        var result = await (await client.PostAsJsonAsync("/memories/bulk", new { items })).AssertOkJsonAsync();
        await SearchTests.WaitUntilSearchableAsync(client, 50);
        var nearest = await (await client.PostAsJsonAsync("/memories/search", new
        {
            vector = Enumerable.Range(0, 384).Select(d => d == 17 ? 1f : 0f).ToArray(),
            mode = "vector",
            top_k = 1,
        })).AssertOkJsonAsync();

        Assert.Equal(50, result.GetProperty("stored").GetInt32());
        Assert.Equal(17, nearest.GetProperty("memories")[0].GetProperty("payload").GetProperty("i").GetInt32());
        Assert.True(nearest.GetProperty("memories")[0].GetProperty("similarity").GetDouble() > 0.9);
    }

    [Fact]
    public async Task More_than_ten_thousand_items_is_413_and_stores_nothing()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        var items = Enumerable.Range(0, 10_001).Select(i => new { coord = $"{i}", payload = new { i } });

        var response = await client.PostAsJsonAsync("/memories/bulk", new { items });

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        var stats = await (await client.GetAsync("/stats")).AssertOkJsonAsync();
        Assert.Equal(0, stats.GetProperty("total_memories").GetInt64());
    }

    [Theory]
    [InlineData("""{"items":"many"}""")]
    [InlineData("""{}""")]
    [InlineData("""{"items":[1,2]}""")]
    public async Task A_malformed_bulk_body_is_4xx(string body)
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);

        var response = await client.PostRawAsync("/memories/bulk", body);

        Assert.InRange((int)response.StatusCode, 400, 499);
        await response.AssertProblemAsync(response.StatusCode);
    }
}
