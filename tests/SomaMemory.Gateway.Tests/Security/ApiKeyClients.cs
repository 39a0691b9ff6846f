using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SomaMemory.Gateway.Tests.Support;
using SomaMemory.Testing;

namespace SomaMemory.Gateway.Tests.Security;

/// <summary>An API key issued through the admin route, as a test holds it: the id and the secret shown once.</summary>
public sealed record IssuedKey(string Id, string Secret);

/// <summary>Issues keys through <c>POST /admin/api-keys</c> (with the bootstrap token) and makes clients that send them.</summary>
public static class ApiKeyClients
{
    public static async Task<IssuedKey> IssueAsync(
        this GatewayFactory factory,
        string[] roles,
        string[] namespaces,
        string? defaultNamespace = null,
        DateTimeOffset? expiresAt = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        using var admin = factory.CreateAuthorizedClient();
        var body = new Dictionary<string, object?> { ["name"] = "test key " + Guid.NewGuid().ToString("N")[..6], ["roles"] = roles, ["namespaces"] = namespaces };
        if (defaultNamespace is not null)
        {
            body["default_namespace"] = defaultNamespace;
        }

        if (expiresAt is not null)
        {
            body["expires_at"] = expiresAt;
        }

        var response = await admin.PostAsJsonAsync("/admin/api-keys", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"Issuing a key failed with {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return new IssuedKey(document.RootElement.GetProperty("api_key").GetProperty("id").GetString()!, document.RootElement.GetProperty("key").GetString()!);
    }

    /// <summary>A client that sends <paramref name="secret"/> and, when given, a namespace header.</summary>
    public static HttpClient CreateClientWithKey(this GatewayFactory factory, string secret, string? memoryNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        if (memoryNamespace is not null)
        {
            client.DefaultRequestHeaders.Add("X-Soma-Namespace", memoryNamespace);
        }

        return client;
    }

    public static string FreshNamespace(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];
}
