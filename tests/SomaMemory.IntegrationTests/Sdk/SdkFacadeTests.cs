using System.Text.Json;
using SomaMemory.Client;
using SomaMemory.Coordinates;

namespace SomaMemory.IntegrationTests.Sdk;

/// <summary>
/// The same facade tests run against both implementations, each against a silo in another process: the Orleans
/// client (inside the cluster) and the HTTP client through a gateway (outside it).
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class SdkFacadeTests(SdkCluster cluster)
{
    public static TheoryData<string> Implementations => new() { SdkCluster.Orleans, SdkCluster.Http };

    [Theory]
    [MemberData(nameof(Implementations))]
    public async Task Store_get_and_delete_round_trip_with_canonical_coordinates(string implementation)
    {
        var memory = cluster.Memory(implementation, "rt-" + implementation);

        var stored = await memory.StoreAsync(NewMemory.From("1,2,3", new { text = "the first memory" }) with
        {
            Metadata = JsonSerializer.SerializeToElement(new { source = "sdk" }),
            Importance = 0.5,
            Kind = MemoryKind.Semantic,
        });
        Assert.Equal("1.0,2.0,3.0", stored.CoordinateKey);
        Assert.Equal(MemoryKind.Semantic, stored.Kind);
        Assert.Equal(1, stored.Version);

        var got = await memory.GetAsync("1.0, 2.0, 3.0");
        Assert.NotNull(got);
        Assert.Equal("the first memory", got.Payload.GetProperty("text").GetString());
        Assert.Equal("sdk", got.Metadata.GetProperty("source").GetString());
        Assert.Equal(0.5, got.Importance);
        Assert.Equal(MemoryKind.Semantic, got.Kind);
        Assert.Equal([1.0, 2.0, 3.0], got.Coordinate);

        Assert.True(await memory.DeleteAsync("1,2,3"));
        Assert.Null(await memory.GetAsync("1,2,3"));
        Assert.False(await memory.DeleteAsync("1,2,3"));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public async Task Keyword_search_finds_the_matching_memory_and_honours_the_kind(string implementation)
    {
        var memory = cluster.Memory(implementation, "search-" + implementation);
        await memory.StoreAsync(NewMemory.From("1", new { text = "zebras are animals of the savanna" }));
        await memory.StoreAsync(NewMemory.From("2", new { text = "penguins are animals of the cold sea" }, MemoryKind.Semantic));

        var hits = await memory.SearchAsync(new MemorySearch { Query = "zebras", Mode = SearchMode.Keyword });
        Assert.Equal("1.0", Assert.Single(hits).CoordinateKey);
        Assert.True(hits[0].Score > 0);

        var semanticOnly = await memory.SearchAsync(new MemorySearch { Query = "animals", Mode = SearchMode.Keyword, Kind = MemoryKind.Semantic });
        Assert.Equal("2.0", Assert.Single(semanticOnly).CoordinateKey);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public async Task Bulk_store_reports_invalid_and_repeated_items_by_index_and_stats_count_the_rest(string implementation)
    {
        var memory = cluster.Memory(implementation, "bulk-" + implementation);
        var result = await memory.StoreManyAsync(
        [
            NewMemory.From("1,1", new { text = "one" }),
            NewMemory.From("1,abc", new { text = "bad coordinate" }),
            NewMemory.From("2,2", new { text = "two" }, MemoryKind.Semantic),
            NewMemory.From("1.0,1.0", new { text = "the first again" }),
        ]);

        Assert.Equal(2, result.Stored);
        Assert.Equal([1, 3], result.Errors.Select(error => error.Index));
        Assert.Contains("already appears at index 0", result.Errors[1].Detail, StringComparison.Ordinal);

        var stats = await memory.StatsAsync();
        Assert.Equal(new MemoryStats("bulk-" + implementation, 2, 1, 1), stats);
    }

    public static TheoryData<string, int> BadCalls => new()
    {
        { "bad coordinate", 400 },
        { "payload not an object", 422 },
        { "negative ttl", 422 },
        { "top_k zero", 422 },
        { "keyword mode without text", 422 },
        { "vector of the wrong dimension", 400 },
        { "bad namespace", 400 },
        { "negative importance", 422 },
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public async Task Both_implementations_refuse_bad_input_with_the_gateways_status_and_detail(string call, int status)
    {
        var overGrains = await RefusalAsync(SdkCluster.Orleans, call);
        var overHttp = await RefusalAsync(SdkCluster.Http, call);

        Assert.Equal(status, overHttp.Status);
        Assert.Equal((overHttp.Status, overHttp.Detail), (overGrains.Status, overGrains.Detail));
        Assert.False(string.IsNullOrWhiteSpace(overGrains.Detail));
    }

    [Fact]
    public async Task The_coordinate_error_is_cores_parser_message()
    {
        var refusal = await RefusalAsync(SdkCluster.Orleans, "bad coordinate");
        Assert.False(CoordinateParser.TryParse("1,abc", out _, out var expected));
        Assert.Equal(expected, refusal.Detail);
    }

    [Fact]
    public async Task The_orleans_facade_acts_in_the_configured_namespace()
    {
        var memory = cluster.DefaultOrleansMemory;
        Assert.Equal("sdk-default", memory.Namespace);
        await memory.StoreAsync(NewMemory.From("7", new { text = "in the configured namespace" }));
        Assert.NotNull(await cluster.Memory(SdkCluster.Http, "sdk-default").GetAsync("7"));
    }

    [Fact]
    public async Task The_http_client_turns_a_wrong_token_into_a_401_exception_with_the_detail()
    {
        var memory = cluster.HttpClient("wrong-token", "auth");
        var refusal = await Assert.ThrowsAsync<SomaMemoryException>(() => memory.StatsAsync());
        Assert.Equal(401, refusal.Status);
        Assert.Equal("Invalid API token.", refusal.Detail);
    }

    [Fact]
    public async Task The_http_client_reports_an_unreachable_gateway_without_a_status()
    {
        using var http = new HttpClient();
        var port = Testing.FreePorts.Take(1)[0];
        var memory = new Client.Http.SomaMemoryHttpClient(http, Microsoft.Extensions.Options.Options.Create(new Client.Http.SomaMemoryHttpOptions { BaseAddress = new Uri($"http://127.0.0.1:{port}") }));
        var failure = await Assert.ThrowsAsync<SomaMemoryException>(() => memory.GetAsync("1"));
        Assert.Null(failure.Status);
        Assert.Contains("Could not reach SomaMemory", failure.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Needs", "graph")]
    [MemberData(nameof(Implementations))]
    public async Task Links_neighbours_and_paths_go_through_the_graph(string implementation)
    {
        var memory = cluster.Memory(implementation, "graph-" + implementation);
        var link = await memory.LinkAsync(new NewLink { From = "1", To = "2", LinkType = "causes", Strength = 2 });
        Assert.Equal("causes", link.LinkType);
        await memory.LinkAsync(new NewLink { From = "2", To = "3" });

        var neighbors = await memory.NeighborsAsync(new NeighborSearch { Coordinate = "1", Hops = 2 });
        Assert.Equal([("2.0", 1, "causes"), ("3.0", 2, "related")], neighbors.Select(n => (n.Coordinate, n.Hop, n.LinkType)));
        Assert.Equal("2.0", neighbors[1].From);

        var path = await memory.PathAsync(new PathSearch { From = "1", To = "3" });
        Assert.True(path.Found);
        Assert.Equal(["1.0", "2.0", "3.0"], path.Coordinates);
        Assert.Equal(["causes", "related"], path.LinkTypes);

        var none = await memory.PathAsync(new PathSearch { From = "3", To = "1" });
        Assert.False(none.Found);

        var refusal = await Assert.ThrowsAsync<SomaMemoryException>(() => memory.LinkAsync(new NewLink { From = "1", To = "x" }));
        Assert.Equal(400, refusal.Status);
    }

    private async Task<SomaMemoryException> RefusalAsync(string implementation, string call)
    {
        var memory = () => cluster.Memory(implementation, "refusals");
        Func<Task> act = call switch
        {
            "bad coordinate" => () => memory().GetAsync("1,abc"),
            "payload not an object" => () => memory().StoreAsync(new NewMemory { Coordinate = "1", Payload = JsonSerializer.SerializeToElement(new[] { 1, 2 }) }),
            "negative ttl" => () => memory().StoreAsync(NewMemory.From("1", new { text = "x" }) with { TimeToLive = TimeSpan.FromSeconds(-5) }),
            "top_k zero" => () => memory().SearchAsync(new MemorySearch { Query = "x", TopK = 0 }),
            "keyword mode without text" => () => memory().SearchAsync(new MemorySearch { Vector = new float[384], Mode = SearchMode.Keyword }),
            "vector of the wrong dimension" => () => memory().StoreAsync(NewMemory.From("1", new { text = "x" }) with { Vector = [0.5f, 0.5f] }),
            "bad namespace" => () => cluster.Memory(implementation, "bad/namespace").StatsAsync(),
            "negative importance" => () => memory().StoreAsync(NewMemory.From("1", new { text = "x" }) with { Importance = -1 }),
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, null),
        };
        return await Assert.ThrowsAsync<SomaMemoryException>(act);
    }
}
