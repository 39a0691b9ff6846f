using System.Net;
using System.Net.Http.Json;
using SomaMemory.Gateway.Tests.Support;

namespace SomaMemory.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class BatchSearchTests(GatewayFixture gateway)
{
    private async Task<HttpClient> SeededClientAsync()
    {
        var client = gateway.CreateClientInFreshNamespace(out _);
        var items = new[] { "apples are red", "bananas are yellow", "the sea is deep" }
            .Select((text, i) => new { coord = $"{i}", payload = new { text } }).ToArray();
        await (await client.PostAsJsonAsync("/memories/bulk", new { items })).AssertOkJsonAsync();
        await SearchTests.WaitUntilSearchableAsync(client, items.Length);
        return client;
    }

    [Fact]
    public async Task Each_query_is_answered_in_its_place_and_bad_ones_are_reported_by_index()
    {
        using var client = await SeededClientAsync();
        var body = """
            {"queries":[
              {"query":"yellow fruit","top_k":1},
              {"query":"","top_k":1},
              {"query":"the ocean","top_k":1,"mode":"vector"},
              {"query":"x","top_k":"five"},
              {"vector":[1,2,3]},
              "not an object",
              {"query":"red","mode":"keyword"}
            ]}
            """;

        var result = await (await client.PostRawAsync("/memories/search/batch", body)).AssertOkJsonAsync();

        var results = result.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(7, results.Length);
        Assert.Equal("bananas are yellow", results[0][0].GetProperty("payload").GetProperty("text").GetString());
        Assert.Equal("the sea is deep", results[2][0].GetProperty("payload").GetProperty("text").GetString());
        Assert.Equal("apples are red", results[6][0].GetProperty("payload").GetProperty("text").GetString());
        var errors = result.GetProperty("errors").EnumerateArray().ToArray();
        Assert.Equal([1, 3, 4, 5], errors.Select(error => error.GetProperty("index").GetInt32()));
        Assert.Equal([422, 422, 400, 422], errors.Select(error => error.GetProperty("status").GetInt32()));
        Assert.Contains("top_k", errors[1].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.All(errors, error => Assert.Equal(System.Text.Json.JsonValueKind.Null, results[error.GetProperty("index").GetInt32()].ValueKind));
    }

    [Fact]
    public async Task A_batch_answers_as_the_single_search_does()
    {
        using var client = await SeededClientAsync();
        var query = new { query = "something red", top_k = 3 };

        var single = await (await client.PostAsJsonAsync("/memories/search", query)).AssertOkJsonAsync();
        var batch = await (await client.PostAsJsonAsync("/memories/search/batch", new { queries = new[] { query, query } })).AssertOkJsonAsync();

        var expected = single.GetProperty("memories").EnumerateArray().Select(hit => hit.GetProperty("coordinate_key").GetString()).ToArray();
        Assert.Equal(3, expected.Length);
        foreach (var answer in batch.GetProperty("results").EnumerateArray())
        {
            Assert.Equal(expected, answer.EnumerateArray().Select(hit => hit.GetProperty("coordinate_key").GetString()));
        }

        Assert.Empty(batch.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task More_than_a_hundred_queries_is_413()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        var queries = Enumerable.Range(0, 101).Select(i => new { query = $"q{i}" });

        var detail = await (await client.PostAsJsonAsync("/memories/search/batch", new { queries })).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("100", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"queries":{"query":"x"}}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"queries":[""", HttpStatusCode.BadRequest)]
    public async Task A_body_without_a_list_of_queries_is_refused(string body, HttpStatusCode status)
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);

        await (await client.PostRawAsync("/memories/search/batch", body)).AssertProblemAsync(status);
    }

    [Fact]
    public async Task Batch_search_needs_the_token()
    {
        using var anonymous = gateway.Factory.CreateClient();

        await (await anonymous.PostRawAsync("/memories/search/batch", """{"queries":[{"query":"x"}]}""")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
