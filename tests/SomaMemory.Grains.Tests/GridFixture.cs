using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.TestingHost;
using SomaMemory.Grains.Memories;
using SomaMemory.Grains.Namespaces;
using SomaMemory.Silo.Hosting;
using SomaMemory.Testing;

namespace SomaMemory.Grains.Tests;

/// <summary>
/// One in-process Orleans cluster, wired exactly as production (ADO.NET storage and reminders on a real, freshly
/// migrated Postgres database), with a fake clock so that time-dependent behaviour is tested without sleeping.
/// </summary>
public sealed class GridFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    private OwnDatabaseCluster _grid = null!;

    public InProcessTestCluster Cluster => _grid.Cluster;

    public string ConnectionString => _grid.ConnectionString;

    public IGrainFactory Grains => Cluster.Client;

    // The migration runs inside the silo's start, as in production: the database starts empty.
    public async Task InitializeAsync() => _grid = await OwnDatabaseCluster.StartAsync("grains", silos: 1, services =>
    {
        services.AddSingleton<TimeProvider>(Clock);
        // Reads are flushed by deactivation in these tests, never by the timer, so they can observe coalescing.
        services.Configure<MemoryNodeOptions>(options => options.AccessFlushInterval = TimeSpan.FromHours(1));
        // Small sweep batches, so that a few memories show the batching and the per-sweep bound. Reminders run on
        // the fake clock, so they would sweep whenever a test advances it: tests here sweep by calling SweepAsync,
        // and SweepReminderTests runs the reminder in a cluster of its own.
        services.Configure<LifecycleOptions>(options =>
        {
            options.SweepReminder = false;
            options.SweepBatchSize = 2;
            options.MaxBatchesPerSweep = 3;
        });
    });

    public async Task DisposeAsync() => await _grid.DisposeAsync();

    /// <summary>Deactivates every idle grain, which makes node grains flush their coalesced reads.</summary>
    public Task DeactivateIdleGrainsAsync() =>
        Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    public async Task<T> QueryScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}

[CollectionDefinition(Name)]
public sealed class GridCollection : ICollectionFixture<GridFixture>
{
    public const string Name = "grid";
}
