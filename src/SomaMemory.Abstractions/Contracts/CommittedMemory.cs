namespace SomaMemory.Contracts;

/// <summary>A memory row as a bulk commit left it: enough to index it and to refresh a node grain that holds it.</summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.CommittedMemory")]
public sealed record CommittedMemory(
    [property: Id(0)] string CoordinateKey,
    [property: Id(1)] long VectorId,
    [property: Id(2)] long Version);
