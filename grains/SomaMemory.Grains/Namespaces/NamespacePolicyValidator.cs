using SomaMemory.Contracts;

namespace SomaMemory.Grains.Namespaces;

/// <summary>Rejects policies that would make decay, pruning or indexing meaningless.</summary>
public static class NamespacePolicyValidator
{
    public const int MaxVectorDimension = 4096;

    public static void Validate(NamespacePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.ImportanceHalfLife <= TimeSpan.Zero)
        {
            throw new ArgumentException("The importance half-life must be positive.", nameof(policy));
        }

        if (!double.IsFinite(policy.PruneThreshold) || policy.PruneThreshold < 0)
        {
            throw new ArgumentException("The prune threshold must be a finite number ≥ 0.", nameof(policy));
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
