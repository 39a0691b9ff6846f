using System.Text.Json;

namespace SomaMemory.Client;

/// <summary>The two kinds of memory: events that happened, and facts that hold.</summary>
public enum MemoryKind
{
    Episodic = 0,
    Semantic = 1,
}

/// <summary>A memory to store at a coordinate such as "1,2,3". Null optional fields keep the gateway's defaults.</summary>
public sealed record NewMemory
{
    public required string Coordinate { get; init; }

    /// <summary>The memory itself: a JSON object.</summary>
    public required JsonElement Payload { get; init; }

    public MemoryKind Kind { get; init; } = MemoryKind.Episodic;

    /// <summary>A JSON object; null keeps the stored metadata.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>≥ 0; null keeps the stored importance (1 for a new memory).</summary>
    public double? Importance { get; init; }

    /// <summary>How long the memory lives; null applies the namespace's default TTL.</summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>What to embed; null picks payload.text, then payload.content, then the payload's JSON.</summary>
    public string? Text { get; init; }

    /// <summary>The memory's own embedding, of the namespace's dimension.</summary>
    public IReadOnlyList<float>? Vector { get; init; }

    /// <summary>A memory whose payload is <paramref name="payload"/> serialised as JSON (property names as given).</summary>
    public static NewMemory From(string coordinate, object payload, MemoryKind kind = MemoryKind.Episodic) => new()
    {
        Coordinate = coordinate,
        Payload = JsonSerializer.SerializeToElement(payload),
        Kind = kind,
    };
}

/// <summary>What a store answers: the canonical coordinate key and the row's new version.</summary>
public sealed record StoredMemory(string Coordinate, string CoordinateKey, MemoryKind Kind, long Version);

/// <summary>One live memory.</summary>
public sealed record Memory
{
    public required IReadOnlyList<double> Coordinate { get; init; }
    public required string CoordinateKey { get; init; }
    public required JsonElement Payload { get; init; }
    public required MemoryKind Kind { get; init; }
    public required JsonElement Metadata { get; init; }
    public required double Importance { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? LastAccessedAt { get; init; }
    public long AccessCount { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public long Version { get; init; }
}

/// <summary>What a bulk store did: how many were stored, and why the others were not, by index.</summary>
public sealed record BulkStoreResult(int Stored, IReadOnlyList<BulkStoreError> Errors);

public sealed record BulkStoreError(int Index, string Detail);

/// <summary>The counts of one namespace's live memories.</summary>
public sealed record MemoryStats(string Namespace, long TotalMemories, long Episodic, long Semantic);
