using SomaMemory.Contracts;

namespace SomaMemory.Grains;

/// <summary>
/// The memory node grains active on one silo, keyed by the silo's address and placed on that silo. A bulk store
/// writes rows without their node grains; it tells each silo what it committed, and the silo refreshes only the node
/// grains it holds, so none serves a stale row and none is activated for nothing.
/// </summary>
[Alias("SomaMemory.ISiloMemoryNodesGrain")]
public interface ISiloMemoryNodesGrain : IGrainWithStringKey
{
    /// <summary>Tells the node grains active on this silo that hold one of <paramref name="committed"/> to catch up.</summary>
    [Alias("Refresh")]
    Task<int> RefreshAsync(string memoryNamespace, IReadOnlyList<CommittedMemory> committed);
}
