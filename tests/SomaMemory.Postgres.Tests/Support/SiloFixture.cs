using Microsoft.Extensions.Hosting;
using SomaMemory.Testing;

namespace SomaMemory.Postgres.Tests.Support;

/// <summary>
/// One migrated database and one running silo (ADO.NET clustering, reminders and four grain storages) shared by the
/// tests of the <see cref="SharedSilo"/>. Those tests run one after another.
/// </summary>
public sealed class SiloFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public string ClusterId { get; } = $"cluster-{Guid.NewGuid():N}";

    public string ServiceId { get; } = $"service-{Guid.NewGuid():N}";

    public IHost Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateMigratedDatabaseAsync("orleans_silo");
        Silo = await TestSilos.StartSiloAsync(ConnectionString, ClusterId, ServiceId);
    }

    public async Task DisposeAsync()
    {
        try
        {
            await TestSilos.StopAsync(Silo);
        }
        finally
        {
            if (ConnectionString.Length > 0)
            {
                await TestPostgres.DropDatabaseAsync(ConnectionString);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedSilo : ICollectionFixture<SiloFixture>
{
    public const string Name = "Orleans silo on Postgres";
}
