using SomaMemory.Contracts;

namespace SomaMemory.Grains;

/// <summary>A namespace's policy and counters. Keyed by <see cref="GrainKeys.ForNamespace"/>.</summary>
[Alias("SomaMemory.IMemoryNamespaceGrain")]
public interface IMemoryNamespaceGrain : IGrainWithStringKey
{
    [Alias("GetPolicy")]
    Task<NamespacePolicy> GetPolicyAsync();

    /// <summary>Replaces the policy after validating it; an invalid policy throws <see cref="ArgumentException"/>.</summary>
    [Alias("SetPolicy")]
    Task<NamespacePolicy> SetPolicyAsync(NamespacePolicy policy);

    [Alias("GetStatistics")]
    Task<NamespaceStatistics> GetStatisticsAsync();
}
