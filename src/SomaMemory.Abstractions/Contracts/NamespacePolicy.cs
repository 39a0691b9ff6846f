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

    /// <summary>How much one read adds to a memory's importance (0 turns reinforcement off).</summary>
    [Id(5)] public double ReinforcementPerAccess { get; init; } = 0.1;

    /// <summary>Reinforcement never raises importance above this; it never lowers an importance stored above it either.</summary>
    [Id(6)] public double ReinforcementCap { get; init; } = 1.0;

    /// <summary>What the sweep does with memories that expired, decayed below the threshold or were evicted.</summary>
    [Id(7)] public PruneAction PruneAction { get; init; } = PruneAction.Archive;

    /// <summary>How long an archived memory is kept (deleted, but restorable by a store) before it is erased.</summary>
    [Id(8)] public TimeSpan ArchiveRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The most live memories the namespace keeps; the sweep evicts the least important beyond it. Null: no limit.</summary>
    [Id(9)] public long? MaxMemories { get; init; }

    public static NamespacePolicy Default { get; } = new();
}
