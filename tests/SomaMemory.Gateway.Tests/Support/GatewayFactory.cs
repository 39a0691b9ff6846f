using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Net.Http.Headers;

namespace SomaMemory.Testing;

// Also compiled into SomaMemory.IntegrationTests (linked), so both suites start the gateway the same way.

/// <summary>
/// The real gateway (Program) in memory, co-hosting a real silo on free ports, on a real Postgres database. The
/// settings go in through UseSetting because the gateway reads them while its builder runs.
/// </summary>
public sealed class GatewayFactory(string connectionString, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public const string Token = "test-token-0123456789abcdef";

    public string ConnectionString { get; } = connectionString;

    public string ClusterId { get; } = "test-" + Guid.NewGuid().ToString("N")[..12];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var ports = FreePorts.Take(2);
        builder.UseSetting("Soma:Postgres:ConnectionString", ConnectionString);
        builder.UseSetting("Soma:Auth:BootstrapToken", Token);
        builder.UseSetting("Soma:Cluster:ClusterId", ClusterId);
        builder.UseSetting("Soma:Silo:SiloPort", ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Soma:Silo:GatewayPort", ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Index files live under a folder per database, so test databases never see each other's files.
        builder.UseSetting("Soma:Indexing:DataPath", Path.Combine(Path.GetTempPath(), "soma-test-indexes"));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client that sends the bootstrap token and, when given, a namespace header.</summary>
    public HttpClient CreateAuthorizedClient(string? memoryNamespace = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        if (memoryNamespace is not null)
        {
            client.DefaultRequestHeaders.Add("X-Soma-Namespace", memoryNamespace);
        }

        return client;
    }
}
