using SomaMemory.Contracts;

namespace SomaMemory.Grains.Namespaces;

/// <summary>Rejects policies that would make decay, pruning or indexing meaningless.</summary>
public static class NamespacePolicyValidator
{
    public const int MaxVectorDimension = 4096;

    /// <summary>The sweep compares decay as importance &lt; threshold·2^h; a bounded threshold keeps that finite.</summary>
    public const double MaxPruneThreshold = 1e6;

    public static readonly TimeSpan MaxArchiveRetention = TimeSpan.FromDays(3650);

    public static void Validate(NamespacePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.ImportanceHalfLife <= TimeSpan.Zero)
        {
            throw new ArgumentException("The importance half-life must be positive.", nameof(policy));
        }

        if (!double.IsFinite(policy.PruneThreshold) || policy.PruneThreshold < 0 || policy.PruneThreshold > MaxPruneThreshold)
        {
            throw new ArgumentException($"The prune threshold must be a number from 0 to {MaxPruneThreshold:0}.", nameof(policy));
        }

        if (!Enum.IsDefined(policy.PruneAction))
        {
            throw new ArgumentException("The prune action must be archive or delete.", nameof(policy));
        }

        if (policy.ArchiveRetention < TimeSpan.Zero || policy.ArchiveRetention > MaxArchiveRetention)
        {
            throw new ArgumentException("The archive retention must be from 0 to 3650 days.", nameof(policy));
        }

        if (!double.IsFinite(policy.ReinforcementPerAccess) || policy.ReinforcementPerAccess < 0)
        {
            throw new ArgumentException("The reinforcement per access must be a finite number ≥ 0.", nameof(policy));
        }

        if (!double.IsFinite(policy.ReinforcementCap) || policy.ReinforcementCap < 0)
        {
            throw new ArgumentException("The reinforcement cap must be a finite number ≥ 0.", nameof(policy));
        }

        if (policy.MaxMemories is < 1)
        {
            throw new ArgumentException("The maximum number of memories must be at least 1 when it is set.", nameof(policy));
        }

        if (policy.DefaultTimeToLive is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentException("The default time to live must be positive when it is set.", nameof(policy));
        }

        if (policy.VectorDimension is < 1 or > MaxVectorDimension)
        {
            throw new ArgumentException($"The vector dimension must be between 1 and {MaxVectorDimension}.", nameof(policy));
        }

        if (string.IsNullOrWhiteSpace(policy.EmbeddingModel))
        {
            throw new ArgumentException("The embedding model must be named.", nameof(policy));
        }
    }
}
