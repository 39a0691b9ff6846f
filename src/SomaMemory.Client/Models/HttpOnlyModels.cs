using System.Text.Json;

namespace SomaMemory.Client;

/// <summary>The gateway's health: overall status and one entry per dependency. <see cref="Raw"/> holds the full answer.</summary>
public sealed record HealthReport(bool Healthy, string Status, string Version, IReadOnlyList<ServiceHealthReport> Services, JsonElement Raw);

public sealed record ServiceHealthReport(string Name, bool Healthy, double LatencyMs, string Details);

/// <summary>One JSON Lines record of an export: a memory or a link, with the cursor to resume after it.</summary>
public sealed record ExportLine(string Json, string? Kind, string? Cursor);

/// <summary>What an import did. <see cref="Raw"/> holds the server's full summary.</summary>
public sealed record ImportSummary(long Imported, IReadOnlyList<ImportLineError> Errors, JsonElement Raw);

/// <summary>A line of an import that was refused, by its 1-based line number.</summary>
public sealed record ImportLineError(long Line, string Detail);

/// <summary>A new API key: <see cref="Key"/> is the secret, shown this once.</summary>
public sealed record CreatedApiKey(string Id, string Key, JsonElement Raw);

/// <summary>An API key to create. Roles such as "admin", "write", "read"; namespaces it may touch.</summary>
public sealed record NewApiKey
{
    public required string Name { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    public IReadOnlyList<string> Namespaces { get; init; } = [];
    public string? DefaultNamespace { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
}
