using System.Diagnostics;
using Npgsql;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Postgres;

namespace SomaMemory.Gateway.Health;

/// <summary>
/// Checks the parts the gateway depends on: Postgres (reachable, schema at head) and the Orleans cluster
/// (at least one active silo answering). Each check reports its latency and a short reason.
/// </summary>
public sealed class GridHealthProbe(SchemaMigrator migrator, IClusterClient cluster, ILogger<GridHealthProbe> logger)
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public async Task<ServiceHealth> CheckPostgresAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CheckTimeout);
            var pending = await migrator.PendingAsync(timeout.Token);
            return new ServiceHealth("postgresql", pending.Count == 0, Elapsed(started), pending.Count == 0
                ? $"reachable; schema at head ({SchemaMigrator.ShippedScripts.Count} migrations)"
                : $"reachable; {pending.Count} migration(s) pending");
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning("Postgres health check failed: {Reason}", exception.Message);
            return new ServiceHealth("postgresql", false, Elapsed(started), "unreachable");
        }
    }

    public async Task<ServiceHealth> CheckClusterAsync()
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var hosts = await cluster.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(CheckTimeout);
            return new ServiceHealth("orleans-cluster", hosts.Count > 0, Elapsed(started), $"{hosts.Count} active silo(s)");
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            logger.LogWarning("Cluster health check failed: {Reason}", exception.Message);
            return new ServiceHealth("orleans-cluster", false, Elapsed(started), "no silo answered");
        }
    }

    private static double Elapsed(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2);
}
