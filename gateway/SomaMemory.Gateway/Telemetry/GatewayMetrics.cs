using System.Diagnostics.Metrics;

namespace SomaMemory.Gateway.Telemetry;

/// <summary>SomaMemory's own meter: latency of the memory operations as the gateway sees them.</summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "SomaMemory";

    private readonly Histogram<double> _storeDuration;
    private readonly Histogram<double> _getDuration;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _storeDuration = meter.CreateHistogram<double>("soma.memory.store.duration", "s", "Time to store one memory, committed.");
        _getDuration = meter.CreateHistogram<double>("soma.memory.get.duration", "s", "Time to get one memory.");
    }

    public void RecordStore(TimeSpan elapsed) => _storeDuration.Record(elapsed.TotalSeconds);

    public void RecordGet(TimeSpan elapsed) => _getDuration.Record(elapsed.TotalSeconds);
}
