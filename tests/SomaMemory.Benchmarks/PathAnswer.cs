namespace SomaMemory.Benchmarks;

/// <summary>One path answer: found or not, its links and its total 1/strength.</summary>
internal sealed record PathAnswer(bool Found, int Length, double Cost);
