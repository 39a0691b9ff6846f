namespace SomaMemory.Contracts;

/// <summary>How a namespace ages and indexes its memories.</summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.NamespacePolicy")]
public sealed record NamespacePolicy
{
    /// <summary>Importance halves after this long without reinforcement.</summary>
    [Id(0)] public TimeSpan ImportanceHalfLife { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Memories whose decayed importance falls below this may be pruned.</summary>
    [Id(1)] public double PruneThreshold { get; init; } = 0.01;

    /// <summary>Applied to stores that give no TTL; null keeps memories until they are deleted.</summary>
    [Id(2)] public TimeSpan? DefaultTimeToLive { get; init; }

    /// <summary>The dimension every vector of the namespace must have.</summary>
    [Id(3)] public int VectorDimension { get; init; } = 384;

    /// <summary>The embedding model whose vectors the namespace holds.</summary>
    [Id(4)] public string EmbeddingModel { get; init; } = "all-MiniLM-L6-v2";

    public static NamespacePolicy Default { get; } = new();
}
