using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SomaMemory.Gateway.Tests.Support;

namespace SomaMemory.Gateway.Tests;

/// <summary>Recall through HTTP with the real ONNX model, the real index grain and Postgres full-text search.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SearchTests(GatewayFixture gateway)
{
    private static readonly string[] Sentences =
    [
        "The cat sat on the mat",
        "Paris is the capital of France",
        "Quarterly revenue grew by ten percent",
        "A kitten was sleeping on the rug",
        "The Eiffel Tower stands in Paris",
    ];

    private async Task<HttpClient> NamespaceWithSentencesAsync()
    {
        var client = gateway.CreateClientInFreshNamespace(out _);
        for (var i = 0; i < Sentences.Length; i++)
        {
            var type = i % 2 == 0 ? "episodic" : "semantic";
            await (await client.PostAsJsonAsync("/memories", new Dictionary<string, object>
            {
                ["coord"] = $"{i + 1}",
                ["payload"] = new { text = Sentences[i], topic = i is 1 or 4 ? "travel" : "other" },
                ["memory_type"] = type,
                ["metadata"] = new { source = $"s{i + 1}" },
            })).AssertOkJsonAsync();
        }

        await WaitUntilSearchableAsync(client, Sentences.Length);
        return client;
    }

    /// <summary>Search is near-real-time: the index learns of a store through the change stream, tens of ms later.</summary>
    internal static async Task WaitUntilSearchableAsync(HttpClient client, int count)
    {
        var probe = new { vector = Enumerable.Repeat(1f, 384).ToArray(), mode = "vector", top_k = count };
        // Tens of ms on an idle machine; the bound is generous because a loaded CI machine can be 100 times slower.
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if ((await SearchAsync(client, probe)).Length == count)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{count} memories did not become searchable within 30 s.");
    }

    internal static async Task<JsonElement[]> SearchAsync(HttpClient client, object body)
    {
        var response = await (await client.PostAsJsonAsync("/memories/search", body)).AssertOkJsonAsync();
        return response.GetProperty("memories").EnumerateArray().ToArray();
    }

    internal static string Text(JsonElement hit) => hit.GetProperty("payload").GetProperty("text").GetString()!;

    [Fact]
    public async Task Search_finds_memories_by_meaning_not_only_by_words()
    {
        using var client = await NamespaceWithSentencesAsync();

        var hits = await SearchAsync(client, new { query = "where do cats sleep", top_k = 2 });

        Assert.Equal(2, hits.Length);
        Assert.Equal(["A kitten was sleeping on the rug", "The cat sat on the mat"], hits.Select(Text).Order());
        Assert.True(hits[0].GetProperty("score").GetDouble() >= hits[1].GetProperty("score").GetDouble());
        foreach (var field in new[] { "coordinate", "payload", "memory_type", "importance", "score" })
        {
            Assert.True(hits[0].TryGetProperty(field, out _), $"{field} is missing");
        }
    }

    [Fact]
    public async Task Memory_type_and_filters_on_payload_and_metadata_are_honoured()
    {
        using var client = await NamespaceWithSentencesAsync();

        var semantic = await SearchAsync(client, new { query = "Paris", memory_type = "semantic", top_k = 10 });
        var travel = await SearchAsync(client, new { query = "Paris", filters = new { topic = "travel" }, top_k = 10 });
        var bySource = await SearchAsync(client, new { query = "anything at all", filters = new { source = "s3" }, top_k = 10 });

        Assert.All(semantic, hit => Assert.Equal("semantic", hit.GetProperty("memory_type").GetString()));
        Assert.Equal(2, semantic.Length);
        Assert.Equal(["Paris is the capital of France", "The Eiffel Tower stands in Paris"], travel.Select(Text).Order());
        Assert.Equal(["Quarterly revenue grew by ten percent"], bySource.Select(Text));
    }

    [Fact]
    public async Task Offset_and_top_k_page_through_one_stable_ranking()
    {
        using var client = await NamespaceWithSentencesAsync();

        var all = await SearchAsync(client, new { query = "a city in Europe", top_k = 5 });
        var secondPage = await SearchAsync(client, new { query = "a city in Europe", top_k = 2, offset = 2 });

        Assert.Equal(5, all.Length);
        Assert.Equal(all.Skip(2).Take(2).Select(Text), secondPage.Select(Text));
    }

    [Fact]
    public async Task Keyword_mode_matches_words_and_vector_mode_takes_a_client_vector()
    {
        using var client = await NamespaceWithSentencesAsync();

        var keyword = await SearchAsync(client, new { query = "revenue", mode = "keyword" });
        var queryVector = Enumerable.Range(0, 384).Select(i => i == 7 ? 1f : 0f).ToArray();
        var byVector = await SearchAsync(client, new { vector = queryVector, mode = "vector", top_k = 5 });

        Assert.Equal(["Quarterly revenue grew by ten percent"], keyword.Select(Text));
        Assert.Equal(5, byVector.Length);
    }

    [Fact]
    public async Task The_get_form_takes_the_same_parameters()
    {
        using var client = await NamespaceWithSentencesAsync();

        var response = await (await client.GetAsync("/memories/search?query=kitten%20on%20a%20rug&top_k=1&filters=%7B%22topic%22%3A%22other%22%7D")).AssertOkJsonAsync();

        var hit = Assert.Single(response.GetProperty("memories").EnumerateArray());
        Assert.Equal("A kitten was sleeping on the rug", Text(hit));
    }

    [Fact]
    public async Task Deleted_and_expired_memories_never_come_back()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        await (await client.StoreAsync("1", new { text = "the red bicycle is in the garage" })).AssertOkJsonAsync();
        await (await client.StoreAsync("2", new { text = "the blue bicycle is in the garden" })).AssertOkJsonAsync();
        await (await client.PostAsJsonAsync("/memories", new { coord = "3", payload = new { text = "the green bicycle is on the street" }, ttl_seconds = 0.3 })).AssertOkJsonAsync();
        await WaitUntilSearchableAsync(client, 3);
        await (await client.DeleteAsync("/memories/1")).AssertOkJsonAsync();

        // The expiry is the server's clock against the row; wait until a read agrees that it has passed.
        for (var attempt = 0; attempt < 50 && (await client.GetAsync("/memories/3")).StatusCode == HttpStatusCode.OK; attempt++)
        {
            await Task.Delay(100);
        }

        foreach (var mode in new[] { "hybrid", "vector", "keyword" })
        {
            var hits = await SearchAsync(client, new { query = "bicycle", mode, top_k = 10 });
            Assert.Equal(["the blue bicycle is in the garden"], hits.Select(Text));
        }
    }

    [Fact]
    public async Task Search_never_crosses_namespaces()
    {
        using var owner = await NamespaceWithSentencesAsync();
        using var stranger = gateway.CreateClientInFreshNamespace(out _);

        var hits = await SearchAsync(stranger, new { query = "Paris", top_k = 10 });
        var byFilter = await SearchAsync(stranger, new { query = "Paris", filters = new { topic = "travel" } });

        Assert.Empty(hits);
        Assert.Empty(byFilter);
    }

    public static TheoryData<string> BadSearches => new()
    {
        """{"query":""}""",
        """{"query":"   "}""",
        """{}""",
        """{"query":"x","top_k":0}""",
        """{"query":"x","top_k":1001}""",
        """{"query":"x","offset":-1}""",
        """{"query":"x","filters":[1]}""",
        """{"query":"x","filters":"topic"}""",
        """{"query":"x","mode":"semantic"}""",
        """{"vector":[0.1,0.2],"mode":"keyword"}""",
        """{"query":"x","memory_type":"procedural"}""",
        """{"query":"x","fusion":"max"}""",
        """{"query":"x","weights":{"similarity":-1}}""",
        """{"query":"x","weights":{"similarity":0,"keyword":0,"importance":0,"recency":0}}""",
        """{"query":"x","vector":["NaN"]}""",
        """{"query":"x","vector":[]}""",
        """{"query":"x","top_k":"five"}""",
        """{"query":"x","vector":[NaN]}""",
        """{"query":""" + "\"" + new string('q', 5000) + "\"}",
        """not json""",
    };

    [Theory]
    [MemberData(nameof(BadSearches))]
    public async Task Bad_searches_are_4xx_with_a_detail(string body)
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);

        var response = await client.PostRawAsync("/memories/search", body);

        Assert.InRange((int)response.StatusCode, 400, 499);
        await response.AssertProblemAsync(response.StatusCode);
    }

    [Theory]
    [InlineData("/memories/search")]
    [InlineData("/memories/search?query=")]
    [InlineData("/memories/search?query=x&top_k=abc")]
    [InlineData("/memories/search?query=x&offset=-3")]
    [InlineData("/memories/search?query=x&filters=%5B1%5D")]
    [InlineData("/memories/search?query=x&filters=%7Bbroken")]
    [InlineData("/memories/search?query=x&min_score=NaN")]
    public async Task Bad_query_strings_are_4xx(string path)
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);

        var response = await client.GetAsync(path);

        Assert.InRange((int)response.StatusCode, 400, 499);
        await response.AssertProblemAsync(response.StatusCode);
    }

    [Fact]
    public async Task A_vector_of_the_wrong_dimension_is_400_on_search_and_store()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);

        var search = await client.PostAsJsonAsync("/memories/search", new { vector = new[] { 0.1f, 0.2f, 0.3f } });
        var store = await client.PostAsJsonAsync("/memories", new { coord = "1", payload = new { a = 1 }, vector = new[] { 0.1f, 0.2f } });

        Assert.Contains("384", await search.AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("384", await store.AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await (await client.GetAsync("/memories/1")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// Vector candidates take their similarity from the index; a keyword match the index did not offer is scored by
    /// its stored embedding, not as 0. Here 25 memories lie nearer the query vector than the keyword match, so the
    /// index's candidates (20 for a page of 1 without filters) leave it out.
    /// </summary>
    [Fact]
    public async Task A_keyword_match_outside_the_vector_candidates_is_scored_by_its_own_embedding()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        static float[] Axis(int axis, float weight, int other, float otherWeight)
        {
            var vector = new float[384];
            vector[axis] = weight;
            vector[other] += otherWeight;
            return vector;
        }

        for (var i = 1; i <= 25; i++)
        {
            await (await client.PostAsJsonAsync("/memories", new { coord = $"{i}", payload = new { text = $"filler number {i}" }, vector = Axis(0, 1f, i, 0.1f) })).AssertOkJsonAsync();
        }

        // Cosine 0.3 with the query: 0.3 on the query's axis, the rest on an axis of its own.
        await (await client.PostAsJsonAsync("/memories", new { coord = "99", payload = new { text = "a zebra grazing" }, vector = Axis(0, 0.3f, 300, MathF.Sqrt(1 - 0.09f)) })).AssertOkJsonAsync();
        await WaitUntilSearchableAsync(client, 26);

        var hits = await SearchAsync(client, new
        {
            query = "zebra",
            vector = Axis(0, 1f, 0, 0f),
            top_k = 1,
            weights = new { similarity = 0.01, keyword = 1, importance = 0, recency = 0 },
        });

        var hit = Assert.Single(hits);
        Assert.Equal("a zebra grazing", Text(hit));
        Assert.Equal(1, hit.GetProperty("keyword").GetDouble(), 6);
        Assert.Equal(0.3, hit.GetProperty("similarity").GetDouble(), 5);
    }

    [Fact]
    public async Task The_similarity_of_a_vector_candidate_is_its_cosine_with_the_query()
    {
        using var client = gateway.CreateClientInFreshNamespace(out _);
        var stored = new float[384];
        stored[0] = 0.6f;
        stored[1] = 0.8f;
        await (await client.PostAsJsonAsync("/memories", new { coord = "1", payload = new { text = "one" }, vector = stored })).AssertOkJsonAsync();
        await WaitUntilSearchableAsync(client, 1);
        var query = new float[384];
        query[0] = 1;

        var hit = Assert.Single(await SearchAsync(client, new { vector = query, mode = "vector" }));

        Assert.Equal(0.6, hit.GetProperty("similarity").GetDouble(), 5);
    }
}
