using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SomaMemory.Client;
using SomaMemory.Client.Http;
using SomaMemory.Gateway.Tests.Support;
using SomaMemory.IntegrationTests.Support;
using SomaMemory.Testing;

namespace SomaMemory.IntegrationTests.Sdk;

/// <summary>
/// A silo in a process of its own, and both SDK clients of it: an Orleans client host (the SDK inside the cluster)
/// and a client-mode gateway in this process that the HTTP client talks to (the SDK outside it).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class SdkCluster : IAsyncLifetime
{
    public const string Orleans = "orleans";
    public const string Http = "http";

    private SiloProcess? _silo;
    private IHost? _clientHost;
    private GatewayFactory? _gateway;

    public string ConnectionString { get; private set; } = "";

    public GatewayFactory Gateway => _gateway ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateEmptyDatabaseAsync("sdkfacade");
        var clusterId = "sdk-" + Guid.NewGuid().ToString("N")[..8];
        var ports = FreePorts.Take(2);
        _silo = SiloProcess.Start(ConnectionString, clusterId, ports[0], ports[1]);

        // A loaded machine can take longer than the client's 60 s patience to start a silo process, so the
        // fixture tries a few times while the silo is still alive; the tests themselves never wait on time.
        for (var attempt = 1; ; attempt++)
        {
            _clientHost = BuildClientHost(clusterId);
            try
            {
                await _clientHost.StartAsync();
                break;
            }
            catch (Exception) when (attempt < 3 && !_silo.HasExited)
            {
                _clientHost.Dispose();
            }
            catch
            {
                Console.Error.WriteLine("Silo process output:\n" + _silo.Output);
                throw;
            }
        }

        _gateway = new GatewayFactory(ConnectionString, new Dictionary<string, string?> { ["Soma:Gateway:Mode"] = "Client", ["Soma:Cluster:ClusterId"] = clusterId });
        _ = _gateway.Server;
    }

    private IHost BuildClientHost(string clusterId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ClientHostingExtensions.ConnectionStringKey] = ConnectionString,
            ["Soma:Cluster:ClusterId"] = clusterId,
        });
        builder.AddSomaMemoryClient(options => options.Namespace = "sdk-default");
        return builder.Build();
    }

    /// <summary>The facade of one implementation, acting in <paramref name="memoryNamespace"/>.</summary>
    public ISomaMemory Memory(string implementation, string memoryNamespace) => implementation switch
    {
        Orleans => _clientHost!.Services.GetRequiredService<ISomaMemory>().ForNamespace(memoryNamespace),
        Http => HttpClient(GatewayFactory.Token, memoryNamespace),
        _ => throw new ArgumentOutOfRangeException(nameof(implementation), implementation, null),
    };

    public SomaMemoryHttpClient HttpClient(string? token, string? memoryNamespace) =>
        new(Gateway.CreateClient(), Options.Create(new SomaMemoryHttpOptions { BaseAddress = Gateway.Server.BaseAddress, Token = token, Namespace = memoryNamespace }));

    public ISomaMemory DefaultOrleansMemory => _clientHost!.Services.GetRequiredService<ISomaMemory>();

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_clientHost is not null)
        {
            await _clientHost.StopAsync();
            _clientHost.Dispose();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (ConnectionString.Length > 0)
        {
            await TestPostgres.DropDatabaseAsync(ConnectionString);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SdkCollection : ICollectionFixture<SdkCluster>
{
    public const string Name = "sdk";
}
