using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SomaMemory.Gateway.Tests.Support;

namespace SomaMemory.Gateway.Tests.Security;

/// <summary>
/// A key limited to its own namespace tries to reach another namespace's memories through every route, every
/// header form and every parameter. Each attempt is refused or stays inside the key's namespace, and the
/// victim's memories read back unchanged.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class CrossNamespaceTests(GatewayFixture gateway) : IAsyncLifetime
{
    private readonly string _victim = ApiKeyClients.FreshNamespace("victim");
    private readonly string _attacker = ApiKeyClients.FreshNamespace("attacker");
    private readonly string _secret = "victim-secret-" + Guid.NewGuid().ToString("N");
    private IssuedKey _key = null!;
    private string _snapshot = "";

    public static TheoryData<string> Routes() => [.. CrossNamespaceRoutes.All.Select(route => route.Name)];

    public async Task InitializeAsync()
    {
        using var owner = gateway.Factory.CreateAuthorizedClient(_victim);
        foreach (var coord in new[] { "1", "2" })
        {
            await (await owner.StoreAsync(coord, new { owner = "victim", text = "victim secret " + _secret, secret = _secret })).AssertOkJsonAsync();
        }

        await (await owner.PostAsJsonAsync("/graph/link", new { from_coord = "1", to_coord = "2", link_type = "secret", metadata = new { secret = _secret } })).AssertOkJsonAsync();
        await SearchTests.WaitUntilSearchableAsync(owner, 2);
        _snapshot = await SnapshotAsync();
        _key = await gateway.Factory.IssueAsync(["read", "write"], [_attacker]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Naming_the_victim_namespace_in_a_header_is_403_on_every_route(string routeName)
    {
        var route = CrossNamespaceRoutes.All.Single(candidate => candidate.Name == routeName);
        foreach (var header in new[] { "X-Soma-Namespace", "X-Soma-Tenant", "x-soma-namespace", "X-SOMA-TENANT" })
        {
            using var client = gateway.Factory.CreateClientWithKey(_key.Secret);
            using var request = route.ToRequest(_victim);
            request.Headers.Add(header, _victim);

            var response = await client.SendAsync(request);

            var detail = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
            Assert.Contains(_victim, detail, StringComparison.Ordinal);
        }

        Assert.Equal(_snapshot, await SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Header_tricks_never_reach_the_victim(string routeName)
    {
        var route = CrossNamespaceRoutes.All.Single(candidate => candidate.Name == routeName);
        var tricks = new (string Header, string Value)[][]
        {
            [("X-Soma-Namespace", _attacker), ("X-Soma-Tenant", _victim)],
            [("X-Soma-Tenant", _attacker), ("X-Soma-Namespace", _victim)],
            [("X-Soma-Namespace", _attacker), ("X-Soma-Namespace", _victim)],
            [("X-Soma-Namespace", _victim.ToUpperInvariant())],
            [("X-Soma-Namespace", _attacker + "/../" + _victim)],
            [("X-Soma-Namespace", _victim + "\t")],
            [("X-Soma-Namespace", "*")],
            [("X-Soma-Namespace", _attacker + "," + _victim)],
        };
        using var client = gateway.Factory.CreateClientWithKey(_key.Secret);
        foreach (var headers in tricks)
        {
            using var request = route.ToRequest(_victim);
            foreach (var (header, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(header, value);
            }

            var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"{string.Join(", ", headers)} gave {(int)response.StatusCode}: {body}");
            Assert.DoesNotContain(_secret, body, StringComparison.Ordinal);
        }

        Assert.Equal(_snapshot, await SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_empty_namespace_header_is_refused_or_means_the_key_default(string routeName)
    {
        var route = CrossNamespaceRoutes.All.Single(candidate => candidate.Name == routeName);
        using var client = gateway.Factory.CreateClientWithKey(_key.Secret);
        using var request = route.ToRequest(_victim);
        request.Headers.TryAddWithoutValidation("X-Soma-Namespace", "");

        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        // An empty header may not reach the server at all (HTTP stacks drop it); either way it never widens access.
        Assert.True((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.Forbidden, $"{(int)response.StatusCode}: {body}");
        Assert.DoesNotContain(_secret, body, StringComparison.Ordinal);
        Assert.Equal(_snapshot, await SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Without_a_header_every_route_acts_in_the_key_default_namespace(string routeName)
    {
        var route = CrossNamespaceRoutes.All.Single(candidate => candidate.Name == routeName);
        using var client = gateway.Factory.CreateClientWithKey(_key.Secret);
        using var request = route.ToRequest(_victim);

        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {body}");
        Assert.DoesNotContain(_secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"owner\":\"victim\"", body, StringComparison.Ordinal);
        if (route.Name == "stats")
        {
            Assert.Equal(_attacker, JsonSerializer.Deserialize<JsonElement>(body).GetProperty("namespace").GetString());
        }

        Assert.Equal(_snapshot, await SnapshotAsync());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1.0")]
    [InlineData("1,")]
    [InlineData(" 1")]
    [InlineData("victim:1")]
    [InlineData("..%2F1")]
    [InlineData("%2e%2e%2f%2e%2e%2fmemories%2f1")]
    [InlineData("1%2500")]
    public async Task Coordinates_cannot_name_another_namespace(string coord)
    {
        using var client = gateway.Factory.CreateClientWithKey(_key.Secret);

        var read = await client.GetAsync("/memories/" + coord.Replace("victim", _victim, StringComparison.Ordinal));
        var deleted = await client.DeleteAsync("/memories/" + coord.Replace("victim", _victim, StringComparison.Ordinal));

        foreach (var response in new[] { read, deleted })
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {body}");
            Assert.DoesNotContain(_secret, body, StringComparison.Ordinal);
        }

        Assert.Equal(_snapshot, await SnapshotAsync());
    }

    [Fact]
    public async Task A_prefix_grant_covers_its_prefix_only()
    {
        var prefix = "team" + Guid.NewGuid().ToString("N")[..6];
        var key = await gateway.Factory.IssueAsync(["read", "write"], [prefix + "-*"], prefix + "-a");
        using var client = gateway.Factory.CreateClientWithKey(key.Secret);

        foreach (var allowed in new[] { prefix + "-a", prefix + "-b.c" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/stats");
            request.Headers.Add("X-Soma-Namespace", allowed);
            Assert.Equal(allowed, (await (await client.SendAsync(request)).AssertOkJsonAsync()).GetProperty("namespace").GetString());
        }

        foreach (var refused in new[] { prefix, prefix + "x", prefix.ToUpperInvariant() + "-a", "x" + prefix + "-a", _victim })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/stats");
            request.Headers.Add("X-Soma-Namespace", refused);
            await (await client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task The_victim_still_sees_its_own_memories()
    {
        using var owner = gateway.Factory.CreateAuthorizedClient(_victim);

        var hits = await (await owner.PostAsJsonAsync("/memories/search", new { query = "victim secret", top_k = 10 })).AssertOkJsonAsync();

        Assert.Contains(_secret, hits.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>The victim's memories as the bootstrap key reads them, without the read-tracking fields.</summary>
    private async Task<string> SnapshotAsync()
    {
        using var owner = gateway.Factory.CreateAuthorizedClient(_victim);
        var parts = new List<string>();
        foreach (var coord in new[] { "1", "2" })
        {
            var memory = (await (await owner.GetAsync($"/memories/{coord}")).AssertOkJsonAsync()).GetProperty("memory");
            parts.Add($"{memory.GetProperty("payload").GetRawText()}|v{memory.GetProperty("version").GetInt64()}|{memory.GetProperty("updated_at").GetString()}");
        }

        var stats = await (await owner.GetAsync("/stats")).AssertOkJsonAsync();
        parts.Add(stats.GetProperty("total_memories").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The victim's graph: the one link, with its strength and metadata, in both directions.
        parts.Add((await (await owner.GetAsync("/graph/neighbors?coord=1&direction=both&k_hop=2&limit=100")).AssertOkJsonAsync()).GetRawText());
        return string.Join("\n", parts);
    }
}
