namespace SomaMemory.Contracts;

/// <summary>A vector-index candidate: the memory's vector id and its cosine similarity to the query.</summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.IndexHit")]
public readonly record struct IndexHit([property: Id(0)] long VectorId, [property: Id(1)] float Similarity);
