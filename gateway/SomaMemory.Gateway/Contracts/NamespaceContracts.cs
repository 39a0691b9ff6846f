using System.Text.Json;

namespace SomaMemory.Gateway.Contracts;

/// <summary>
/// PUT /namespaces/{ns}: every field is optional and an omitted one keeps its current value. For
/// <c>default_ttl_seconds</c> and <c>max_memories</c>, an explicit null removes the TTL or the limit. Unknown fields
/// are refused: with every field optional, a misspelt one would otherwise change nothing and answer 200.
/// </summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record NamespacePolicyRequest
{
    public double? ImportanceHalfLifeSeconds { get; init; }
    public double? ReinforcementPerAccess { get; init; }
    public double? ReinforcementCap { get; init; }
    public double? PruneThreshold { get; init; }

    /// <summary>"archive" or "delete".</summary>
    public string? PruneAction { get; init; }

    public double? ArchiveRetentionSeconds { get; init; }

    /// <summary>Undefined keeps, null clears, a number sets: a plain nullable could not tell the first two apart.</summary>
    public JsonElement DefaultTtlSeconds { get; init; }

    public JsonElement MaxMemories { get; init; }
    public int? VectorDimension { get; init; }
    public string? EmbeddingModel { get; init; }
}

public sealed record NamespacePolicyView
{
    public required double ImportanceHalfLifeSeconds { get; init; }
    public required double ReinforcementPerAccess { get; init; }
    public required double ReinforcementCap { get; init; }
    public required double PruneThreshold { get; init; }
    public required string PruneAction { get; init; }
    public required double ArchiveRetentionSeconds { get; init; }
    public double? DefaultTtlSeconds { get; init; }
    public long? MaxMemories { get; init; }
    public required int VectorDimension { get; init; }
    public required string EmbeddingModel { get; init; }
}

public sealed record SweepView(DateTimeOffset At, int Expired, int Decayed, int Evicted, int Purged, bool More);

public sealed record NamespaceStatisticsView(long TotalMemories, long Episodic, long Semantic, long Archived, SweepView? LastSweep);

public sealed record NamespaceResponse(string Namespace, NamespacePolicyView Policy, NamespaceStatisticsView Statistics);

public sealed record MemoryVersionView
{
    public required long Version { get; init; }
    public required JsonElement Payload { get; init; }
    public required string MemoryType { get; init; }
    public required JsonElement Metadata { get; init; }
    public required double Importance { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }
    public required DateTimeOffset ReplacedAt { get; init; }
}

public sealed record MemoryHistoryResponse(string Coord, string CoordinateKey, long? CurrentVersion, bool Live, IReadOnlyList<MemoryVersionView> Versions);
