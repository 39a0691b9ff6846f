namespace SomaMemory.Contracts;

/// <summary>Which links a neighbour walk follows from each node.</summary>
[GenerateSerializer]
[Alias("SomaMemory.LinkDirection")]
public enum LinkDirection
{
    Out = 0,
    In = 1,
    Both = 2,
}
