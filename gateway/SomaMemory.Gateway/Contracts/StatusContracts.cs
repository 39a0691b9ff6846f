namespace SomaMemory.Gateway.Contracts;

public sealed record RootResponse(string Status, string Message, string Metrics);

public sealed record PingResponse(string Ping);

/// <summary>SFM's probe body: one flag per store.</summary>
public sealed record ProbeResponse(bool KvStore, bool VectorStore, bool GraphStore);

public sealed record StatsResponse(long TotalMemories, long Episodic, long Semantic, string Namespace);

public sealed record ServiceHealth(string Name, bool Healthy, double LatencyMs, string Details);

public sealed record DatabaseCounts(long TotalMemories, long EpisodicMemories, long SemanticMemories, long TotalGraphLinks, long TotalNamespaces);

public sealed record HealthResponse(
    bool Healthy,
    string Status,
    string Version,
    double UptimeSeconds,
    DateTimeOffset Timestamp,
    IReadOnlyList<ServiceHealth> Services,
    DatabaseCounts? Database,
    IndexLagView? IndexLag);

/// <summary>Committed changes that no saved vector index holds yet; the reconciler drives this to zero.</summary>
public sealed record IndexLagView(long Pending, double OldestAgeSeconds);
