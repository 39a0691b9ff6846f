using System.Globalization;
using System.Text.Json;
using SomaMemory.Contracts;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Grains.Namespaces;

namespace SomaMemory.Gateway.Http;

/// <summary>
/// Applies a PUT /namespaces/{ns} body to the current policy. Every refusal names the field, so a client can fix
/// its request; the grain validates again before it writes.
/// </summary>
public static class NamespacePolicyParser
{
    /// <summary>A century: longer durations are mistakes, and they would overflow <see cref="TimeSpan"/> arithmetic.</summary>
    private const double MaxSeconds = 100 * 365.25 * 24 * 3600;

    public static bool TryApply(NamespacePolicy current, NamespacePolicyRequest request, out NamespacePolicy policy, out string error)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(request);
        policy = current;
        error = "";

        if (!TryDuration(request.ImportanceHalfLifeSeconds, "importance_half_life_seconds", allowZero: false, current.ImportanceHalfLife, out var halfLife, ref error)
            || !TryDuration(request.ArchiveRetentionSeconds, "archive_retention_seconds", allowZero: true, current.ArchiveRetention, out var retention, ref error)
            || !TryNonNegative(request.ReinforcementPerAccess, "reinforcement_per_access", current.ReinforcementPerAccess, double.MaxValue, out var reinforcement, ref error)
            || !TryNonNegative(request.ReinforcementCap, "reinforcement_cap", current.ReinforcementCap, double.MaxValue, out var cap, ref error)
            || !TryNonNegative(request.PruneThreshold, "prune_threshold", current.PruneThreshold, NamespacePolicyValidator.MaxPruneThreshold, out var threshold, ref error)
            || !TryAction(request.PruneAction, current.PruneAction, out var action, ref error)
            || !TryDefaultTtl(request.DefaultTtlSeconds, current.DefaultTimeToLive, out var ttl, ref error)
            || !TryMaxMemories(request.MaxMemories, current.MaxMemories, out var maxMemories, ref error))
        {
            return false;
        }

        if (request.VectorDimension is < 1 or > NamespacePolicyValidator.MaxVectorDimension)
        {
            error = $"vector_dimension must be between 1 and {NamespacePolicyValidator.MaxVectorDimension}.";
            return false;
        }

        if (request.EmbeddingModel is { } model && string.IsNullOrWhiteSpace(model))
        {
            error = "embedding_model must name a model.";
            return false;
        }

        policy = current with
        {
            ImportanceHalfLife = halfLife,
            ReinforcementPerAccess = reinforcement,
            ReinforcementCap = cap,
            PruneThreshold = threshold,
            PruneAction = action,
            ArchiveRetention = retention,
            DefaultTimeToLive = ttl,
            MaxMemories = maxMemories,
            VectorDimension = request.VectorDimension ?? current.VectorDimension,
            EmbeddingModel = request.EmbeddingModel ?? current.EmbeddingModel,
        };
        return true;
    }

    public static NamespacePolicyView ToView(NamespacePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new NamespacePolicyView
        {
            ImportanceHalfLifeSeconds = policy.ImportanceHalfLife.TotalSeconds,
            ReinforcementPerAccess = policy.ReinforcementPerAccess,
            ReinforcementCap = policy.ReinforcementCap,
            PruneThreshold = policy.PruneThreshold,
            PruneAction = policy.PruneAction == PruneAction.Delete ? "delete" : "archive",
            ArchiveRetentionSeconds = policy.ArchiveRetention.TotalSeconds,
            DefaultTtlSeconds = policy.DefaultTimeToLive?.TotalSeconds,
            MaxMemories = policy.MaxMemories,
            VectorDimension = policy.VectorDimension,
            EmbeddingModel = policy.EmbeddingModel,
        };
    }

    private static bool TryDuration(double? seconds, string field, bool allowZero, TimeSpan current, out TimeSpan value, ref string error)
    {
        value = current;
        if (seconds is not { } given)
        {
            return true;
        }

        if (!double.IsFinite(given) || given < 0 || (given == 0 && !allowZero) || given > MaxSeconds)
        {
            error = $"{field} must be {(allowZero ? "0 or more" : "positive")} and at most {MaxSeconds.ToString("0", CultureInfo.InvariantCulture)} seconds.";
            return false;
        }

        value = TimeSpan.FromSeconds(given);
        if (value == TimeSpan.Zero && !allowZero)
        {
            error = $"{field} is too small: it must be at least a microsecond.";
            return false;
        }

        return true;
    }

    private static bool TryNonNegative(double? given, string field, double current, double maximum, out double value, ref string error)
    {
        value = given ?? current;
        if (given is { } number && (!double.IsFinite(number) || number < 0 || number > maximum))
        {
            error = maximum == double.MaxValue
                ? $"{field} must be a finite number ≥ 0."
                : $"{field} must be a number from 0 to {maximum.ToString("0", CultureInfo.InvariantCulture)}.";
            return false;
        }

        return true;
    }

    private static bool TryAction(string? given, PruneAction current, out PruneAction value, ref string error)
    {
        value = current;
        switch (given)
        {
            case null:
                return true;
            case "archive":
                value = PruneAction.Archive;
                return true;
            case "delete":
                value = PruneAction.Delete;
                return true;
            default:
                error = "prune_action must be \"archive\" or \"delete\".";
                return false;
        }
    }

    private static bool TryDefaultTtl(JsonElement given, TimeSpan? current, out TimeSpan? value, ref string error)
    {
        value = current;
        switch (given.ValueKind)
        {
            case JsonValueKind.Undefined:
                return true;
            case JsonValueKind.Null:
                value = null;
                return true;
            case JsonValueKind.Number when given.TryGetDouble(out var seconds) && double.IsFinite(seconds) && seconds > 0 && seconds <= MaxSeconds && TimeSpan.FromSeconds(seconds) > TimeSpan.Zero:
                value = TimeSpan.FromSeconds(seconds);
                return true;
            default:
                error = "default_ttl_seconds must be a positive number of seconds, or null for no default TTL.";
                return false;
        }
    }

    private static bool TryMaxMemories(JsonElement given, long? current, out long? value, ref string error)
    {
        value = current;
        switch (given.ValueKind)
        {
            case JsonValueKind.Undefined:
                return true;
            case JsonValueKind.Null:
                value = null;
                return true;
            case JsonValueKind.Number when given.TryGetInt64(out var count) && count >= 1:
                value = count;
                return true;
            default:
                error = "max_memories must be a whole number ≥ 1, or null for no limit.";
                return false;
        }
    }
}
