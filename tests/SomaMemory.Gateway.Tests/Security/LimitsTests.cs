using System.Net;
using System.Net.Http.Headers;
using SomaMemory.Gateway.Tests.Support;
using SomaMemory.Testing;

namespace SomaMemory.Gateway.Tests.Security;

/// <summary>A gateway with small limits and a CORS allowlist, so that the limits can be reached cheaply.</summary>
public sealed class LimitedGatewayFixture : IAsyncLifetime
{
    public const int RequestsPerWindow = 20;
    public const int MaxBodyBytes = 4096;
    public const int MaxLargeBodyBytes = 65536;
    public const string AllowedOrigin = "https://app.example.com";

    public GatewayFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory = new GatewayFactory(await TestPostgres.CreateEmptyDatabaseAsync("limits"), new Dictionary<string, string?>
        {
            ["Soma:Limits:RequestsPerWindow"] = RequestsPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Soma:Limits:WindowSeconds"] = "3600",
            ["Soma:Limits:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Soma:Limits:MaxLargeBodyBytes"] = MaxLargeBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Soma:Cors:AllowedOrigins:0"] = AllowedOrigin,
        });
        using var warmUp = Factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(Factory.ConnectionString);
    }
}

public sealed class LimitsTests(LimitedGatewayFixture gateway) : IClassFixture<LimitedGatewayFixture>
{
    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_Retry_After_and_other_keys_do_not()
    {
        var ns = ApiKeyClients.FreshNamespace("rate");
        var busy = await gateway.Factory.IssueAsync(["read"], [ns]);
        var quiet = await gateway.Factory.IssueAsync(["read"], [ns]);
        using var client = gateway.Factory.CreateClientWithKey(busy.Secret);
        for (var i = 0; i < LimitedGatewayFixture.RequestsPerWindow; i++)
        {
            await (await client.GetAsync("/stats")).AssertOkJsonAsync();
        }

        var refused = await client.GetAsync("/stats");

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        using var other = gateway.Factory.CreateClientWithKey(quiet.Secret);
        await (await other.GetAsync("/stats")).AssertOkJsonAsync();
        using var probe = gateway.Factory.CreateClient();
        for (var i = 0; i <= LimitedGatewayFixture.RequestsPerWindow; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/ping")).StatusCode); // open routes are never limited
        }
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_stores_nothing()
    {
        var ns = ApiKeyClients.FreshNamespace("body");
        var key = await gateway.Factory.IssueAsync(["read", "write"], [ns]);
        using var client = gateway.Factory.CreateClientWithKey(key.Secret);
        var big = $$$"""{"coord":"1","payload":{"text":"{{{new string('x', LimitedGatewayFixture.MaxBodyBytes)}}}"}}""";

        await (await client.PostRawAsync("/memories", big)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        using var chunked = new UnknownLengthContent(big);
        await (await client.PostAsync("/memories", chunked)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await (await client.PostRawAsync("/memories/search", $$"""{"query":"{{new string('q', LimitedGatewayFixture.MaxBodyBytes)}}"}""")).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        await (await client.GetAsync("/memories/1")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bulk_takes_bodies_up_to_the_large_limit()
    {
        var ns = ApiKeyClients.FreshNamespace("bulk");
        var key = await gateway.Factory.IssueAsync(["read", "write"], [ns]);
        using var client = gateway.Factory.CreateClientWithKey(key.Secret);
        string Bulk(int bytes) => $$$"""{"items":[{"coord":"1","payload":{"text":"{{{new string('b', bytes)}}}"},"vector":[{{{string.Join(",", Enumerable.Range(0, 384).Select(i => i == 0 ? "1" : "0"))}}}]}]}""";

        var stored = await (await client.PostRawAsync("/memories/bulk", Bulk(LimitedGatewayFixture.MaxBodyBytes * 2))).AssertOkJsonAsync();
        await (await client.PostRawAsync("/memories/bulk", Bulk(LimitedGatewayFixture.MaxLargeBodyBytes))).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        using var chunked = new UnknownLengthContent(Bulk(LimitedGatewayFixture.MaxLargeBodyBytes));
        await (await client.PostAsync("/memories/bulk", chunked)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(1, stored.GetProperty("stored").GetInt32());
        var memory = await (await client.GetAsync("/memories/1")).AssertOkJsonAsync();
        Assert.Equal(LimitedGatewayFixture.MaxBodyBytes * 2, memory.GetProperty("memory").GetProperty("payload").GetProperty("text").GetString()!.Length);
    }

    [Fact]
    public async Task Cors_answers_listed_origins_only()
    {
        using var client = gateway.Factory.CreateClient();

        var allowed = await client.SendAsync(Preflight(LimitedGatewayFixture.AllowedOrigin));
        var refused = await client.SendAsync(Preflight("https://evil.example.com"));

        Assert.Equal(LimitedGatewayFixture.AllowedOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("x-soma-namespace", string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    internal static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/memories");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-soma-namespace");
        return request;
    }
}

/// <summary>A body sent without Content-Length (chunked), so that the limit must be enforced while reading.</summary>
internal sealed class UnknownLengthContent : HttpContent
{
    private readonly byte[] _bytes;

    public UnknownLengthContent(string text)
    {
        _bytes = System.Text.Encoding.UTF8.GetBytes(text);
        Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}

/// <summary>The defaults, on the shared gateway: CORS is off.</summary>
[Collection(GatewayCollection.Name)]
public sealed class DefaultLimitsTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Cors_is_off_by_default()
    {
        using var client = gateway.Factory.CreateClient();

        var response = await client.SendAsync(LimitsTests.Preflight("https://app.example.com"));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_default_body_limit_is_5_MB()
    {
        using var client = gateway.Factory.CreateAuthorizedClient(ApiKeyClients.FreshNamespace("limit"));
        var body = $$$"""{"coord":"1","payload":{"text":"{{{new string('x', 5 * 1024 * 1024)}}}"}}""";

        await (await client.PostRawAsync("/memories", body)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await (await client.GetAsync("/memories/1")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
