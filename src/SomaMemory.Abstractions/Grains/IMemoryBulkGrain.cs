using SomaMemory.Contracts;

namespace SomaMemory.Grains;

/// <summary>The bulk ingest coordinator: a stateless worker, any activation on any silo will do.</summary>
[Alias("SomaMemory.IMemoryBulkGrain")]
public interface IMemoryBulkGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Validates each item on its own, embeds in batches the items that carry no vector, and commits the valid ones
    /// in one multi-row write before returning. Invalid items are reported by index and do not stop the others.
    /// </summary>
    [Alias("StoreMany")]
    Task<BulkResult> StoreManyAsync(string memoryNamespace, IReadOnlyList<BulkItem> items);
}
