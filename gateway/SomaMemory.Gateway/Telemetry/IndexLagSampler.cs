using SomaMemory.Indexing;

namespace SomaMemory.Gateway.Telemetry;

/// <summary>
/// Samples the index lag from Postgres for the metrics. Gauges cannot wait on a query, so they read the last
/// sample; a scrape never costs a database round trip.
/// </summary>
public sealed class IndexLagSampler(IIndexingRepository indexing, GatewayMetrics metrics, TimeProvider clock, ILogger<IndexLagSampler> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        do
        {
            try
            {
                var lag = await indexing.GetLagAsync(null, clock.GetUtcNow(), stoppingToken);
                metrics.RecordIndexLag(lag.Pending, lag.OldestAge);
            }
            catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException)
            {
                logger.LogDebug("Index lag sample failed: {Reason}", exception.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
