using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using SomaMemory.Contracts;
using SomaMemory.Silo.Hosting;
using SomaMemory.Testing;

namespace SomaMemory.Grains.Tests;

/// <summary>
/// The sweep reminder in a cluster of its own: Orleans reminders run on the injected clock, so advancing it past the
/// sweep interval makes the reminder fire, and the grid fixture's tests must not have sweeps firing under them.
/// </summary>
public sealed class SweepReminderTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private OwnDatabaseCluster _grid = null!;

    public async Task InitializeAsync() =>
        _grid = await OwnDatabaseCluster.StartAsync("sweeps", silos: 1, services => services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await _grid.DisposeAsync();

    [Fact]
    public async Task The_namespace_reminder_is_stored_in_postgres_and_sweeps_when_its_interval_passes()
    {
        var name = "rm-" + Guid.NewGuid().ToString("N")[..12];
        var grains = _grid.Cluster.Client;
        await grains.GetGrain<IMemoryNamespaceGrain>(GrainKeys.ForNamespace(name)).SetPolicyAsync(NamespacePolicy.Default with { PruneAction = PruneAction.Delete });
        await grains.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(name, "1.0"))
            .StoreAsync(new StoreMemoryCommand { PayloadJson = "{}", MemoryType = MemoryType.Episodic, TimeToLive = TimeSpan.FromMinutes(1) });

        // Past the expiry and the default one-hour sweep interval. The reminder fires on its own task, so this waits
        // for its effect (bounded, and not a timing assertion: no sleep decides the outcome).
        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await CountAsync("SELECT count(*) FROM memories WHERE namespace = @ns", name) > 0)
        {
            Assert.False(deadline.IsCancellationRequested, "The sweep reminder did not remove the expired memory.");
            _clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(100);
        }

        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM orleans_reminders WHERE grainid LIKE '%' || @ns || '%' AND remindername = 'sweep'", name));
    }

    private async Task<long> CountAsync(string sql, string memoryNamespace)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_grid.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ns", memoryNamespace);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
