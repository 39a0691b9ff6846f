using System.Net;
using System.Net.Http.Headers;
using SomaMemory.Gateway.Tests.Support;
using SomaMemory.Testing;

namespace SomaMemory.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class AuthTests(GatewayFixture gateway)
{
    [Theory]
    [InlineData(null, "Missing Authorization header")]
    [InlineData("Bearer wrong-token-0123456789", "Invalid API token")]
    [InlineData("Bearer ", "empty")]
    [InlineData("Basic dXNlcjpwYXNz", "Bearer scheme")]
    [InlineData("Bearer test-token-0123456789abcdeX", "Invalid API token")]
    public async Task A_missing_or_wrong_token_is_401_with_a_detail(string? authorization, string expectedDetail)
    {
        using var client = gateway.Factory.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        foreach (var request in new Func<Task<HttpResponseMessage>>[]
        {
            () => client.GetAsync("/memories/1"),
            () => client.DeleteAsync("/memories/1"),
            () => client.PostRawAsync("/memories", """{"coord":"1","payload":{}}"""),
            () => client.GetAsync("/stats"),
            () => client.GetAsync("/health"),
        })
        {
            var response = await request();
            var detail = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Contains(expectedDetail, detail, StringComparison.Ordinal);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    [Fact]
    public async Task A_refused_store_stores_nothing()
    {
        using var anonymous = gateway.Factory.CreateClient();
        anonymous.DefaultRequestHeaders.Add("X-Soma-Namespace", "auth-refused");
        await (await anonymous.PostRawAsync("/memories", """{"coord":"1","payload":{}}""")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        using var client = gateway.Factory.CreateAuthorizedClient("auth-refused");
        await (await client.GetAsync("/memories/1")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_scheme_name_is_case_insensitive()
    {
        using var client = gateway.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("bearer", GatewayFactory.Token);

        await (await client.GetAsync("/stats")).AssertOkJsonAsync();
    }
}

/// <summary>Start-up refusals: these build gateways of their own, which fail before any silo starts.</summary>
public sealed class StartupRefusalTests
{
    [Theory]
    [InlineData("", "SOMA_API_TOKEN")]
    [InlineData("short", "at least 16")]
    public void The_gateway_refuses_to_start_without_a_proper_token(string token, string expectedMessage)
    {
        using var factory = new GatewayFactory("Host=127.0.0.1;Database=unused", new Dictionary<string, string?> { ["Soma:Auth:BootstrapToken"] = token });

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(expectedMessage, Flatten(exception), StringComparison.Ordinal);
    }

    [Fact]
    public void The_gateway_refuses_to_start_with_a_missing_token_file()
    {
        using var factory = new GatewayFactory("Host=127.0.0.1;Database=unused", new Dictionary<string, string?>
        {
            ["Soma:Auth:BootstrapToken"] = "",
            ["Soma:Auth:BootstrapTokenFile"] = "/nonexistent/soma-token",
        });

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("does not exist", Flatten(exception), StringComparison.Ordinal);
    }

    [Fact]
    public void The_gateway_refuses_to_start_without_postgres()
    {
        using var factory = new GatewayFactory("", null);

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("SOMA_POSTGRES", Flatten(exception), StringComparison.Ordinal);
    }

    private static string Flatten(Exception exception) =>
        exception is AggregateException aggregate
            ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(inner => inner.Message))
            : exception.Message + (exception.InnerException is { } inner ? " | " + Flatten(inner) : "");
}

public sealed class TokenFileTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    [Fact]
    public void A_token_file_is_read_and_trimmed()
    {
        File.WriteAllText(_file, "  file-token-0123456789abcdef\n");
        var token = new Auth.BootstrapToken(Microsoft.Extensions.Options.Options.Create(new Gateway.Options.AuthOptions { BootstrapTokenFile = _file, BootstrapToken = "ignored-when-a-file-is-named" }));

        Assert.True(token.Matches("file-token-0123456789abcdef"));
        Assert.False(token.Matches("ignored-when-a-file-is-named"));
        Assert.False(token.Matches("file-token-0123456789abcde"));
    }

    public void Dispose() => File.Delete(_file);
}
