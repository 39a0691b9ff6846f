namespace SomaMemory.Vectors;

/// <summary>One search result: the caller's key and its cosine similarity to the query, in [-1, 1].</summary>
public readonly record struct VectorMatch(ulong Key, float Similarity);
