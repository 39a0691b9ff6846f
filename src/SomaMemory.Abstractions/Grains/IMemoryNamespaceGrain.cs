using SomaMemory.Contracts;
using Orleans.Concurrency;

namespace SomaMemory.Grains;

/// <summary>A namespace's policy and counters. Keyed by <see cref="GrainKeys.ForNamespace"/>.</summary>
[Alias("SomaMemory.IMemoryNamespaceGrain")]
public interface IMemoryNamespaceGrain : IGrainWithStringKey
{
    // Interleaved: a sweep calls node grains, whose activation asks for the policy while the sweep still runs.
    [Alias("GetPolicy"), AlwaysInterleave]
    Task<NamespacePolicy> GetPolicyAsync();

    /// <summary>Replaces the policy after validating it; an invalid policy throws <see cref="ArgumentException"/>.</summary>
    [Alias("SetPolicy")]
    Task<NamespacePolicy> SetPolicyAsync(NamespacePolicy policy);

    [Alias("GetStatistics")]
    Task<NamespaceStatistics> GetStatisticsAsync();

    /// <summary>
    /// One sweep in bounded batches: expired memories, memories decayed below the prune threshold, eviction beyond
    /// the maximum count, and erasure of archived memories past their retention. The sweep reminder calls this;
    /// tests and operators may call it directly.
    /// </summary>
    [Alias("Sweep")]
    Task<SweepReport> SweepAsync();
}
