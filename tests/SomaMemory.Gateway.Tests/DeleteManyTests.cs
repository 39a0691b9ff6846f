using System.Net;
using System.Net.Http.Json;
using SomaMemory.Gateway.Tests.Support;

namespace SomaMemory.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class DeleteManyTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Each_coordinate_is_answered_and_bad_ones_are_reported_by_index()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        var items = Enumerable.Range(1, 4).Select(i => new { coord = $"{i}", payload = new { text = $"memory number {i}" } }).ToArray();
        await (await client.PostAsJsonAsync("/memories/bulk", new { items })).AssertOkJsonAsync();
        await SearchTests.WaitUntilSearchableAsync(client, 4);

        var result = await (await client.PostRawAsync("/memories/delete", """{"coords":["1","2.0","NaN","2","77",5,"3"]}""")).AssertOkJsonAsync();

        Assert.Equal(3, result.GetProperty("deleted").GetInt32());
        var results = result.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal([0, 1, 4, 6], results.Select(item => item.GetProperty("index").GetInt32()));
        Assert.Equal([true, true, false, true], results.Select(item => item.GetProperty("deleted").GetBoolean()));
        Assert.Equal(["1", "2.0", "77", "3"], results.Select(item => item.GetProperty("coord").GetString()));
        Assert.Equal("2.0", results[1].GetProperty("coordinate_key").GetString());
        var errors = result.GetProperty("errors").EnumerateArray().ToArray();
        Assert.Equal([2, 3, 5], errors.Select(error => error.GetProperty("index").GetInt32()));
        Assert.Contains("index 1", errors[1].GetProperty("detail").GetString(), StringComparison.Ordinal);
        foreach (var coord in new[] { "1", "2", "3" })
        {
            await (await client.GetAsync($"/memories/{coord}")).AssertProblemAsync(HttpStatusCode.NotFound);
        }

        await (await client.GetAsync("/memories/4")).AssertOkJsonAsync();
        // Deletes go through the node grains, which tell the index: soon only the survivor can be found.
        var probe = new { vector = Enumerable.Repeat(1f, 384).ToArray(), mode = "vector", top_k = 10 };
        var found = Array.Empty<string>();
        for (var attempt = 0; attempt < 600 && found.Length != 1; attempt++)
        {
            await Task.Delay(50);
            found = (await (await client.PostAsJsonAsync("/memories/search", probe)).AssertOkJsonAsync())
                .GetProperty("memories").EnumerateArray().Select(hit => hit.GetProperty("coordinate_key").GetString()!).ToArray();
        }

        Assert.Equal(["4.0"], found);
    }

    [Fact]
    public async Task More_than_ten_thousand_coordinates_is_413_and_deletes_nothing()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await (await client.StoreAsync("1", new { text = "kept" })).AssertOkJsonAsync();
        var coords = Enumerable.Range(0, 10_001).Select(i => $"{i}");

        await (await client.PostAsJsonAsync("/memories/delete", new { coords })).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        await (await client.GetAsync("/memories/1")).AssertOkJsonAsync();
    }

    [Theory]
    [InlineData("""{}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"coords":"1,2"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""not json""", HttpStatusCode.BadRequest)]
    public async Task A_body_without_a_list_of_coordinates_is_refused(string body, HttpStatusCode status)
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);

        await (await client.PostRawAsync("/memories/delete", body)).AssertProblemAsync(status);
    }

    [Fact]
    public async Task Delete_many_needs_the_token()
    {
        using var anonymous = gateway.Factory.CreateClient();

        await (await anonymous.PostRawAsync("/memories/delete", """{"coords":["1"]}""")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
