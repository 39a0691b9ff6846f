using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SomaMemory.Gateway.Tests.Support;

namespace SomaMemory.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class GraphTests(GatewayFixture gateway)
{
    private static async Task<JsonElement> Link(HttpClient client, string from, string to, string? type = null, double? strength = null, object? metadata = null)
    {
        var body = new Dictionary<string, object?> { ["from_coord"] = from, ["to_coord"] = to };
        if (type is not null)
        {
            body["link_type"] = type;
        }

        if (strength is not null)
        {
            body["strength"] = strength;
        }

        if (metadata is not null)
        {
            body["metadata"] = metadata;
        }

        return await (await client.PostAsJsonAsync("/graph/link", body)).AssertOkJsonAsync();
    }

    private static async Task<JsonElement[]> Neighbors(HttpClient client, string query) =>
        [.. (await (await client.GetAsync("/graph/neighbors?" + query)).AssertOkJsonAsync()).GetProperty("neighbors").EnumerateArray()];

    private static Task<JsonElement> Path(HttpClient client, string query) =>
        client.GetAsync("/graph/path?" + query).ContinueWith(response => response.Result.AssertOkJsonAsync()).Unwrap();

    private static string Keys(IEnumerable<JsonElement> neighbors) =>
        string.Join(" ", neighbors.Select(item => $"{item.GetProperty("coordinate_key").GetString()}@{item.GetProperty("hop").GetInt32()}"));

    [Fact]
    public async Task A_link_answers_SFM_shape_with_defaults()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);

        var body = await Link(client, "1,2", "3, 4");

        Assert.Equal("1,2", body.GetProperty("from_coord").GetString());
        Assert.Equal("3, 4", body.GetProperty("to_coord").GetString());
        Assert.Equal("related", body.GetProperty("link_type").GetString());
        Assert.True(body.GetProperty("ok").GetBoolean());
        Assert.Equal("3.0,4.0", body.GetProperty("to_key").GetString());
        Assert.Equal(1.0, body.GetProperty("strength").GetDouble());
    }

    [Fact]
    public async Task Neighbors_return_SFM_fields_with_hop_distance_and_real_strength()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await (await client.StoreAsync("1", new { text = "one" })).AssertOkJsonAsync();
        await Link(client, "1", "2", "cause", 0.5, new { why = "because" });
        await Link(client, "2", "3");

        var neighbors = await Neighbors(client, "coord=1.0&k_hop=2");

        Assert.Equal("2.0@1 3.0@2", Keys(neighbors));
        var first = neighbors[0];
        Assert.Equal([2.0], first.GetProperty("coordinate").EnumerateArray().Select(value => value.GetDouble()));
        Assert.Equal("cause", first.GetProperty("link_type").GetString());
        Assert.Equal(0.5, first.GetProperty("strength").GetDouble());
        Assert.Equal("because", first.GetProperty("metadata").GetProperty("why").GetString());
        Assert.Equal("2.0", neighbors[1].GetProperty("from_coord").GetString());
    }

    [Fact]
    public async Task A_link_is_an_upsert_on_from_to_and_type()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        var first = await Link(client, "1", "2", "cause", 1.0);
        await Task.Delay(5);
        var again = await Link(client, "1.0", "2.0", "cause", 3.0);
        await Link(client, "1", "2", "other", 2.0);

        var neighbors = await Neighbors(client, "coord=1&limit=10");
        var all = await Neighbors(client, "coord=1&link_type=cause");

        Assert.Single(neighbors); // one neighbour, reached through two types
        Assert.Equal(3.0, Assert.Single(all).GetProperty("strength").GetDouble());
        Assert.Equal(first.GetProperty("created_at").GetDateTimeOffset(), again.GetProperty("created_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Metadata_can_never_overwrite_type_or_strength()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await Link(client, "1", "2", "cause", 2.0, new { link_type = "evil", strength = 99 });

        var neighbor = Assert.Single(await Neighbors(client, "coord=1"));

        Assert.Equal("cause", neighbor.GetProperty("link_type").GetString());
        Assert.Equal(2.0, neighbor.GetProperty("strength").GetDouble());
        Assert.Equal("evil", neighbor.GetProperty("metadata").GetProperty("link_type").GetString());
    }

    [Fact]
    public async Task Direction_in_and_both_are_honoured()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await Link(client, "1", "2");
        await Link(client, "3", "2");
        await Link(client, "2", "4");

        Assert.Equal("4.0@1", Keys(await Neighbors(client, "coord=2&direction=out")));
        Assert.Equal("1.0@1 3.0@1", Keys(await Neighbors(client, "coord=2&direction=in")));
        Assert.Equal("1.0@1 3.0@1 4.0@1", Keys(await Neighbors(client, "coord=2&direction=both")));
    }

    [Fact]
    public async Task Neighbors_page_with_limit_and_offset()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        for (var i = 1; i <= 5; i++)
        {
            await Link(client, "0", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal("1.0@1 2.0@1", Keys(await Neighbors(client, "coord=0&limit=2")));
        Assert.Equal("3.0@1 4.0@1", Keys(await Neighbors(client, "coord=0&limit=2&offset=2")));
        Assert.Equal("5.0@1", Keys(await Neighbors(client, "coord=0&limit=2&offset=4")));
    }

    [Fact]
    public async Task Path_returns_canonical_keys_and_the_real_link_types()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await Link(client, "1", "2", "cause");
        await Link(client, "2", "3", "then");
        await Link(client, "1", "9", "detour");

        var path = await Path(client, "from_coord=1&to_coord=3");

        Assert.True(path.GetProperty("found").GetBoolean());
        Assert.Equal(["1.0", "2.0", "3.0"], path.GetProperty("path").EnumerateArray().Select(item => item.GetString()));
        Assert.Equal(["cause", "then"], path.GetProperty("link_types").EnumerateArray().Select(item => item.GetString()));
        Assert.Equal("1", path.GetProperty("from_coord").GetString());
    }

    [Fact]
    public async Task Weighted_path_minimises_the_sum_of_inverse_strength()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await Link(client, "1", "4", strength: 0.1);
        await Link(client, "1", "2", strength: 4);
        await Link(client, "2", "3", strength: 4);
        await Link(client, "3", "4", strength: 4);

        var fewest = await Path(client, "from_coord=1&to_coord=4");
        var cheapest = await Path(client, "from_coord=1&to_coord=4&weighted=true");

        Assert.Equal(1, fewest.GetProperty("length").GetInt32());
        Assert.Equal(3, cheapest.GetProperty("length").GetInt32());
        Assert.Equal(0.75, cheapest.GetProperty("cost").GetDouble(), 9);
    }

    [Fact]
    public async Task A_missing_path_is_found_false_not_an_error()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await Link(client, "1", "2");

        var path = await Path(client, "from_coord=2&to_coord=1&max_length=3&link_type=related");

        Assert.False(path.GetProperty("found").GetBoolean());
        Assert.Empty(path.GetProperty("path").EnumerateArray());
        Assert.Empty(path.GetProperty("link_types").EnumerateArray());
    }

    [Fact]
    public async Task Deleting_a_memory_removes_every_link_from_and_to_it()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        foreach (var coord in new[] { "1", "2", "3" })
        {
            await (await client.StoreAsync(coord, new { text = coord })).AssertOkJsonAsync();
        }

        await Link(client, "1", "2");
        await Link(client, "2", "3");
        await Link(client, "3", "2");
        Assert.Equal("2.0@1", Keys(await Neighbors(client, "coord=1")));

        var deleted = await (await client.DeleteAsync("/memories/2")).AssertOkJsonAsync();

        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        Assert.Empty(await Neighbors(client, "coord=1&k_hop=3&direction=both"));
        Assert.Empty(await Neighbors(client, "coord=3&k_hop=3&direction=both"));
        Assert.False((await Path(client, "from_coord=1&to_coord=3")).GetProperty("found").GetBoolean());
    }

    [Fact]
    public async Task A_link_made_after_a_delete_points_at_an_empty_coordinate_and_is_allowed()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await (await client.StoreAsync("5", new { text = "five" })).AssertOkJsonAsync();
        await (await client.DeleteAsync("/memories/5")).AssertOkJsonAsync();

        await Link(client, "1", "5");

        Assert.Equal("5.0@1", Keys(await Neighbors(client, "coord=1")));
    }

    [Fact]
    public async Task Graphs_of_two_namespaces_never_meet()
    {
        using var first = gateway.CreateClientInFreshNamespace(out _);
        using var second = gateway.CreateClientInFreshNamespace(out _);
        await Link(first, "1", "2");

        Assert.Empty(await Neighbors(second, "coord=1"));
        Assert.False((await Path(second, "from_coord=1&to_coord=2")).GetProperty("found").GetBoolean());
    }

    [Theory]
    [InlineData("""{"from_coord":"x","to_coord":"1"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"from_coord":"1","to_coord":"nan"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"to_coord":"1"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"from_coord":"1","to_coord":"2","strength":0}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"from_coord":"1","to_coord":"2","strength":-1}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"from_coord":"1","to_coord":"2","strength":"NaN"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"from_coord":"1","to_coord":"2","strength":"Infinity"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"from_coord":"1","to_coord":"2","strength":1e400}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"from_coord":"1","to_coord":"2","metadata":[1]}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"from_coord":"1","to_coord":"2","metadata":{"a":"\u0000"}}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"from_coord":"1","to_coord":"2","link_type":""}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"from_coord":"1","to_coord":"2","link_type":"a\nb"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"from_coord":1,"to_coord":"2"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""[1,2]""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"from_coord":""", HttpStatusCode.BadRequest)]
    public async Task Bad_links_are_refused_with_a_message(string body, HttpStatusCode status)
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);

        var detail = await (await client.PostRawAsync("/graph/link", body)).AssertProblemAsync(status);

        Assert.False(string.IsNullOrWhiteSpace(detail));
        Assert.Empty(await Neighbors(client, "coord=1"));
    }

    [Theory]
    [InlineData("/graph/neighbors", HttpStatusCode.BadRequest)]
    [InlineData("/graph/neighbors?coord=abc", HttpStatusCode.BadRequest)]
    [InlineData("/graph/neighbors?coord=1&k_hop=0", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/graph/neighbors?coord=1&k_hop=6", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/graph/neighbors?coord=1&k_hop=two", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/graph/neighbors?coord=1&limit=0", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/graph/neighbors?coord=1&limit=100000", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/graph/neighbors?coord=1&offset=-1", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/graph/neighbors?coord=1&direction=sideways", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/graph/path?from_coord=1", HttpStatusCode.BadRequest)]
    [InlineData("/graph/path?from_coord=1&to_coord=inf", HttpStatusCode.BadRequest)]
    [InlineData("/graph/path?from_coord=1&to_coord=2&max_length=0", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/graph/path?from_coord=1&to_coord=2&max_length=21", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/graph/path?from_coord=1&to_coord=2&max_length=99999999999", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/graph/path?from_coord=1&to_coord=2&weighted=maybe", HttpStatusCode.UnprocessableEntity)]
    public async Task Bad_graph_queries_are_refused_with_a_message(string path, HttpStatusCode status)
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);

        var detail = await (await client.GetAsync(path)).AssertProblemAsync(status);

        Assert.False(string.IsNullOrWhiteSpace(detail));
    }

    [Fact]
    public async Task Bulk_links_report_bad_items_by_index_and_link_the_rest()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        var body = """
            {"links": [
                {"from_coord": "1", "to_coord": "2"},
                {"from_coord": "x", "to_coord": "2"},
                {"from_coord": "1", "to_coord": "3", "link_type": "cause", "strength": 2},
                {"from_coord": "1", "to_coord": "3", "link_type": "cause", "strength": 5},
                null,
                {"from_coord": "2", "to_coord": "3", "strength": -1},
                {"from_coord": "4", "to_coord": "1", "metadata": {"bad": "\u0000"}},
                {"from_coord": "2", "to_coord": "3"}
            ]}
            """;

        var answer = await (await client.PostRawAsync("/graph/links", body)).AssertOkJsonAsync();

        Assert.Equal(4, answer.GetProperty("linked").GetInt32());
        Assert.Equal([1, 4, 5, 6], answer.GetProperty("errors").EnumerateArray().Select(error => error.GetProperty("index").GetInt32()));
        Assert.Equal("2.0@1 3.0@1", Keys(await Neighbors(client, "coord=1")));
        Assert.Equal(5.0, (await Neighbors(client, "coord=1&link_type=cause")).Single().GetProperty("strength").GetDouble());
        Assert.Empty(await Neighbors(client, "coord=4"));
    }

    [Fact]
    public async Task Too_many_bulk_links_are_refused_whole()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        var links = Enumerable.Range(0, 10_001).Select(i => new { from_coord = "1", to_coord = $"{i}" }).ToArray();

        await (await client.PostAsJsonAsync("/graph/links", new { links })).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(await Neighbors(client, "coord=1"));
    }

    [Fact]
    public async Task Graph_routes_need_a_token()
    {
        using var client = gateway.Factory.CreateClient();

        await (await client.GetAsync("/graph/neighbors?coord=1")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PostRawAsync("/graph/link", """{"from_coord":"1","to_coord":"2"}""")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
