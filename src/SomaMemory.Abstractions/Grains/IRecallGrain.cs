using SomaMemory.Contracts;

namespace SomaMemory.Grains;

/// <summary>Recall coordinators: stateless workers, any activation on any silo will do.</summary>
[Alias("SomaMemory.IRecallGrain")]
public interface IRecallGrain : IGrainWithIntegerKey
{
    [Alias("Recall")]
    Task<IReadOnlyList<RecallHit>> RecallAsync(string memoryNamespace, RecallQuery query);
}
