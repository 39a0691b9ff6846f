using SomaMemory.Contracts;

namespace SomaMemory.Search;

/// <summary>A hydrated memory that may be returned, with what scoring needs: its embedding and keyword rank.</summary>
public sealed record SearchCandidate(MemoryRecord Memory, float[]? Embedding, double KeywordRank);
