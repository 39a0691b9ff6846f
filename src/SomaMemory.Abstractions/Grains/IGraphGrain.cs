using SomaMemory.Contracts;

namespace SomaMemory.Grains;

/// <summary>Graph walks (neighbours, paths): stateless workers reading the links table hop by hop.</summary>
[Alias("SomaMemory.IGraphGrain")]
public interface IGraphGrain : IGrainWithIntegerKey
{
    [Alias("Neighbors")]
    Task<IReadOnlyList<NeighborHit>> NeighborsAsync(string memoryNamespace, NeighborQuery query);

    [Alias("Path")]
    Task<GraphPath> PathAsync(string memoryNamespace, PathQuery query);
}
