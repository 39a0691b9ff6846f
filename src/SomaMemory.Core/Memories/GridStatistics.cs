namespace SomaMemory.Memories;

/// <summary>Counts over every namespace, for the operator's health view.</summary>
public sealed record GridStatistics(long TotalMemories, long EpisodicMemories, long SemanticMemories, long TotalLinks, long TotalNamespaces);
