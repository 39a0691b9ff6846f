namespace SomaMemory.Contracts;

/// <summary>The two kinds of memory SFM knows: events that happened, and facts that hold.</summary>
[GenerateSerializer]
[Alias("SomaMemory.MemoryType")]
public enum MemoryType
{
    Episodic = 0,
    Semantic = 1,
}
