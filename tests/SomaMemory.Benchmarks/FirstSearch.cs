namespace SomaMemory.Benchmarks;

/// <summary>The vector search sent right after the last acknowledgement: how soon new memories are searchable.</summary>
/// <param name="Hits">How many hits it returned; <see cref="RecallBodies.TopK"/> means a full page.</param>
internal sealed record FirstSearch(double LatencyMilliseconds, int Hits, string? Error);
