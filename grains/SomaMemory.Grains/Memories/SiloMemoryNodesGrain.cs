using Orleans.Concurrency;
using SomaMemory.Contracts;
using SomaMemory.Grains.Placement;

namespace SomaMemory.Grains.Memories;

/// <summary>Refreshes the node grains of this silo that hold a row a bulk store replaced.</summary>
[SiloKeyedPlacement]
[Reentrant] // Bulk stores only read the registry here; one need not wait for another's refreshes.
public sealed class SiloMemoryNodesGrain(ActiveMemoryNodes activeNodes) : Grain, ISiloMemoryNodesGrain
{
    public async Task<int> RefreshAsync(string memoryNamespace, IReadOnlyList<CommittedMemory> committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        var held = committed
            .Select(memory => (Key: GrainKeys.ForMemory(memoryNamespace, memory.CoordinateKey), memory.Version))
            .Where(memory => activeNodes.IsActive(memory.Key))
            .ToArray();
        await Task.WhenAll(held.Select(memory => GrainFactory.GetGrain<IMemoryNodeGrain>(memory.Key).RefreshAsync(memory.Version)));
        return held.Length;
    }
}
