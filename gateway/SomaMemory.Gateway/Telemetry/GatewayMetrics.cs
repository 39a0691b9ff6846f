using System.Diagnostics.Metrics;

namespace SomaMemory.Gateway.Telemetry;

/// <summary>SomaMemory's own meter: latency of the memory operations as the gateway sees them.</summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "SomaMemory";

    private readonly Histogram<double> _storeDuration;
    private readonly Histogram<double> _getDuration;
    private readonly Histogram<double> _searchDuration;
    private readonly Histogram<double> _graphDuration;
    private long _indexLagPending;
    private double _indexLagOldestSeconds;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _storeDuration = meter.CreateHistogram<double>("soma.memory.store.duration", "s", "Time to store one memory, committed.");
        _getDuration = meter.CreateHistogram<double>("soma.memory.get.duration", "s", "Time to get one memory.");
        _searchDuration = meter.CreateHistogram<double>("soma.memory.search.duration", "s", "Time to recall memories.");
        _graphDuration = meter.CreateHistogram<double>("soma.graph.walk.duration", "s", "Time to answer a neighbours or path query, tagged by operation.");
        meter.CreateObservableGauge("soma.index.lag.pending", () => Volatile.Read(ref _indexLagPending), "{memory}",
            "Committed changes not yet in a saved vector index.");
        meter.CreateObservableGauge("soma.index.lag.oldest", () => Volatile.Read(ref _indexLagOldestSeconds), "s",
            "Age of the oldest change not yet in a saved vector index.");
    }

    public void RecordSearch(TimeSpan elapsed) => _searchDuration.Record(elapsed.TotalSeconds);

    public void RecordIndexLag(long pending, TimeSpan oldest)
    {
        Volatile.Write(ref _indexLagPending, pending);
        Volatile.Write(ref _indexLagOldestSeconds, oldest.TotalSeconds);
    }

    public void RecordStore(TimeSpan elapsed) => _storeDuration.Record(elapsed.TotalSeconds);

    public void RecordGet(TimeSpan elapsed) => _getDuration.Record(elapsed.TotalSeconds);

    public void RecordGraph(string operation, TimeSpan elapsed) =>
        _graphDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("operation", operation));
}
