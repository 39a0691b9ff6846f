using System.Net;
using SomaMemory.Gateway.Tests.Support;

namespace SomaMemory.Gateway.Tests;

/// <summary>Every bad request gets a clear 4xx, and what was stored before stays exactly as it was.</summary>
[Collection(GatewayCollection.Name)]
public sealed class BadInputTests(GatewayFixture gateway)
{
    private const string Kept = """{"coord":"1,1","payload":{"kept":"yes"},"memory_type":"semantic"}""";

    public static TheoryData<string, HttpStatusCode> BadStores => new()
    {
        { """{"coord":"","payload":{}}""", HttpStatusCode.BadRequest },
        { """{"coord":" , ,","payload":{}}""", HttpStatusCode.BadRequest },
        { """{"coord":"1,abc","payload":{}}""", HttpStatusCode.BadRequest },
        { """{"coord":"1,NaN","payload":{}}""", HttpStatusCode.BadRequest },
        { """{"coord":"Infinity,1","payload":{}}""", HttpStatusCode.BadRequest },
        { """{"coord":"1e400","payload":{}}""", HttpStatusCode.BadRequest },
        { "{\"coord\":\"" + string.Join(',', Enumerable.Repeat("1", 65)) + "\",\"payload\":{}}", HttpStatusCode.BadRequest },
        { "{\"coord\":\"" + new string(' ', 2048) + "1\",\"payload\":{}}", HttpStatusCode.BadRequest },
        { """{"coord":"1,1"}""", HttpStatusCode.UnprocessableEntity },
        { """{"coord":"1,1","payload":null}""", HttpStatusCode.UnprocessableEntity },
        { """{"coord":"1,1","payload":[1,2]}""", HttpStatusCode.UnprocessableEntity },
        { """{"coord":"1,1","payload":"text"}""", HttpStatusCode.UnprocessableEntity },
        { """{"coord":"1,1","payload":{},"memory_type":"procedural"}""", HttpStatusCode.UnprocessableEntity },
        { """{"coord":"1,1","payload":{},"memory_type":"Semantic"}""", HttpStatusCode.UnprocessableEntity },
        { """{"coord":"1,1","payload":{},"memory_type":7}""", HttpStatusCode.UnprocessableEntity },
        { """{"coord":1,"payload":{}}""", HttpStatusCode.UnprocessableEntity },
        { """{"payload":{}}""", HttpStatusCode.UnprocessableEntity },
        { """{"Coord":"2,2","Payload":{}}""", HttpStatusCode.UnprocessableEntity },
        { """{"coord":"1,1","payload":{},"importance":-1}""", HttpStatusCode.UnprocessableEntity },
        { """{"coord":"1,1","payload":{},"importance":"high"}""", HttpStatusCode.UnprocessableEntity },
        { """{"coord":"1,1","payload":{},"ttl_seconds":0}""", HttpStatusCode.UnprocessableEntity },
        { """{"coord":"1,1","payload":{},"ttl_seconds":1e300}""", HttpStatusCode.UnprocessableEntity },
        { """{"coord":"1,1","payload":{},"metadata":[1]}""", HttpStatusCode.UnprocessableEntity },
        { """{"coord":"1,1","payload":{"a":"\u0000"}}""", HttpStatusCode.UnprocessableEntity },
        { """{"coord":"1,1","payload":{"n":1e999999}}""", HttpStatusCode.UnprocessableEntity },
        { """[1,2,3]""", HttpStatusCode.UnprocessableEntity },
        { """{"coord":"1,1","payload":{}""", HttpStatusCode.BadRequest },
        { """not json""", HttpStatusCode.BadRequest },
        { "", HttpStatusCode.BadRequest },
        { new string('[', 200) + new string(']', 200), HttpStatusCode.BadRequest },
        { "{\"coord\":\"1,1\",\"payload\":" + string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100) + "}", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(BadStores))]
    public async Task A_bad_store_is_a_clear_4xx_and_changes_nothing(string body, HttpStatusCode expected)
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await (await client.PostRawAsync("/memories", Kept)).AssertOkJsonAsync();

        await (await client.PostRawAsync("/memories", body)).AssertProblemAsync(expected);

        await AssertKeptUnchangedAsync(client);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1,NaN")]
    [InlineData("-Infinity")]
    [InlineData("%20")]
    [InlineData("1,2,x")]
    public async Task A_bad_coordinate_in_the_path_is_400(string coord)
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await (await client.PostRawAsync("/memories", Kept)).AssertOkJsonAsync();

        await (await client.GetAsync($"/memories/{coord}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.DeleteAsync($"/memories/{coord}")).AssertProblemAsync(HttpStatusCode.BadRequest);

        await AssertKeptUnchangedAsync(client);
    }

    [Fact]
    public async Task A_coordinate_with_too_many_dimensions_in_the_path_is_400()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);

        await (await client.GetAsync("/memories/" + string.Join(',', Enumerable.Range(0, 65)))).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("bad/namespace")]
    [InlineData("-leading-dash")]
    [InlineData("has space")]
    public async Task An_invalid_namespace_header_is_400(string memoryNamespace)
    {
        using var client = gateway.Factory.CreateAuthorizedClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Soma-Namespace", memoryNamespace);

        await (await client.GetAsync("/memories/1")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync("/stats")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Conflicting_namespace_headers_are_400()
    {
        using var client = gateway.Factory.CreateAuthorizedClient("one");
        client.DefaultRequestHeaders.Add("X-Soma-Tenant", "two");

        await (await client.GetAsync("/memories/1")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_json_by_content_type_is_415()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);

        await (await client.PostRawAsync("/memories", Kept, "text/plain")).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_are_json_problems()
    {
        using var client = gateway.Factory.CreateAuthorizedClient();

        await (await client.GetAsync("/no/such/route")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsync("/memories/1", new StringContent("{}"))).AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    private static async Task AssertKeptUnchangedAsync(HttpClient client)
    {
        var memory = (await (await client.GetAsync("/memories/1,1")).AssertOkJsonAsync()).GetProperty("memory");
        Assert.Equal("yes", memory.GetProperty("payload").GetProperty("kept").GetString());
        Assert.Equal("semantic", memory.GetProperty("memory_type").GetString());
        Assert.Equal(1, memory.GetProperty("version").GetInt64());
    }
}
