using SomaMemory.Contracts;

namespace SomaMemory.Grains;

/// <summary>Recall and bulk ingest coordinators: stateless workers, any activation on any silo will do.</summary>
[Alias("SomaMemory.IRecallGrain")]
public interface IRecallGrain : IGrainWithIntegerKey
{
    [Alias("Recall")]
    Task<IReadOnlyList<RecallHit>> RecallAsync(string memoryNamespace, RecallQuery query);

    /// <summary>Embeds the items that carry no vector in batches, then stores each through its node grain.</summary>
    [Alias("StoreMany")]
    Task<BulkResult> StoreManyAsync(string memoryNamespace, IReadOnlyList<BulkItem> items);
}
