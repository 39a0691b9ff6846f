using SomaMemory.Testing;

namespace SomaMemory.Gateway.Tests.Support;

/// <summary>One gateway with its co-hosted silo for the whole assembly: starting a silo costs seconds.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public GatewayFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory = new GatewayFactory(await TestPostgres.CreateEmptyDatabaseAsync("gateway"));
        using var warmUp = Factory.CreateClient(); // starts the host now rather than inside the first test
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(Factory.ConnectionString);
    }

    /// <summary>A client in a namespace of its own, so tests never see each other's memories.</summary>
    public HttpClient CreateClientInFreshNamespace(out string memoryNamespace)
    {
        memoryNamespace = "gw-" + Guid.NewGuid().ToString("N")[..12];
        return Factory.CreateAuthorizedClient(memoryNamespace);
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
