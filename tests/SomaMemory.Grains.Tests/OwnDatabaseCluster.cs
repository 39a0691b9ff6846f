using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SomaMemory.Silo.Hosting;
using SomaMemory.Testing;

namespace SomaMemory.Grains.Tests;

/// <summary>
/// An in-process cluster running the grid on a freshly created, empty database of its own (the silos migrate it as
/// in production), and dropping that database when disposed.
/// </summary>
internal sealed class OwnDatabaseCluster : IAsyncDisposable
{
    private OwnDatabaseCluster(InProcessTestCluster cluster, string connectionString)
    {
        Cluster = cluster;
        ConnectionString = connectionString;
    }

    public InProcessTestCluster Cluster { get; }

    public string ConnectionString { get; }

    /// <param name="configure">Services each silo gets before the grid's own, such as a fake clock (the grid only adds a clock if none is there) or options.</param>
    public static async Task<OwnDatabaseCluster> StartAsync(string databasePrefix, short silos, Action<IServiceCollection>? configure = null)
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync(databasePrefix);
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            configure?.Invoke(silo.Services);
            silo.AddSomaMemoryGrid(connectionString);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new OwnDatabaseCluster(cluster, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}
