using System.Net;
using System.Net.Http.Json;
using SomaMemory.Gateway.Tests.Support;

namespace SomaMemory.Gateway.Tests;

/// <summary>A <c>vector</c> may be a base64 string of little-endian float32 values, in stores, bulk items and searches.</summary>
[Collection(GatewayCollection.Name)]
public sealed class Base64VectorTests(GatewayFixture gateway)
{
    private const int Dimension = 384;

    [Fact]
    public async Task A_base64_vector_is_stored_and_searched_as_the_same_numbers_would_be()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        var first = Axis(3);
        var second = Axis(200);
        await (await client.PostAsJsonAsync("/memories", new { coord = "1", payload = new { text = "as numbers" }, vector = first })).AssertOkJsonAsync();
        await (await client.PostAsJsonAsync("/memories", new { coord = "2", payload = new { text = "as base64" }, vector = Base64(second) })).AssertOkJsonAsync();
        await SearchTests.WaitUntilSearchableAsync(client, 2);

        var byBase64 = await SearchTests.SearchAsync(client, new { vector = Base64(second), mode = "vector", top_k = 2 });
        var byNumbers = await SearchTests.SearchAsync(client, new { vector = first, mode = "vector", top_k = 2 });

        Assert.Equal("as base64", SearchTests.Text(byBase64[0]));
        Assert.InRange(byBase64[0].GetProperty("similarity").GetDouble(), 0.999, 1.0);
        Assert.Equal("as numbers", SearchTests.Text(byNumbers[0]));
        Assert.InRange(byNumbers[1].GetProperty("similarity").GetDouble(), -0.001, 0.001);
    }

    [Fact]
    public async Task Bulk_items_take_base64_vectors()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        var items = Enumerable.Range(0, 10).Select(i => new { coord = $"{i}", payload = new { text = $"item {i}" }, vector = Base64(Axis(i)) }).ToArray();

        var answer = await (await client.PostAsJsonAsync("/memories/bulk", new { items })).AssertOkJsonAsync();
        await SearchTests.WaitUntilSearchableAsync(client, 10);
        var hits = await SearchTests.SearchAsync(client, new { vector = Base64(Axis(7)), mode = "vector", top_k = 1 });

        Assert.Equal(10, answer.GetProperty("stored").GetInt32());
        Assert.Equal("item 7", SearchTests.Text(hits[0]));
    }

    public static TheoryData<string, HttpStatusCode, string> BadVectors => new()
    {
        { "\"not base64!\"", HttpStatusCode.UnprocessableEntity, "neither an array of numbers nor valid base64" },
        { $"\"{Convert.ToBase64String(new byte[6])}\"", HttpStatusCode.UnprocessableEntity, "6 bytes of base64" },
        { $"\"{Base64([float.NaN, .. Axis(1)[1..]])}\"", HttpStatusCode.UnprocessableEntity, "not a finite number" },
        { $"\"{Base64([1f, 0f])}\"", HttpStatusCode.BadRequest, "2 dimensions" },
        { "\"\"", HttpStatusCode.UnprocessableEntity, "" },
    };

    [Theory]
    [MemberData(nameof(BadVectors))]
    public async Task A_bad_base64_vector_is_refused_with_a_detail_in_stores_and_searches(string vector, HttpStatusCode status, string detail)
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);

        var store = await (await client.PostRawAsync("/memories", $$"""{"coord":"1","payload":{"text":"x"},"vector":{{vector}}}""")).AssertProblemAsync(status);
        var search = await client.PostRawAsync("/memories/search", $$"""{"query":"x","vector":{{vector}}}""");

        Assert.Contains(detail, store, StringComparison.Ordinal);
        Assert.True((int)search.StatusCode is >= 400 and < 500, $"search answered {(int)search.StatusCode}");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/memories/1")).StatusCode);
    }

    private static float[] Axis(int index) => Enumerable.Range(0, Dimension).Select(i => i == index ? 1f : 0f).ToArray();

    private static string Base64(float[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return Convert.ToBase64String(bytes);
    }
}
