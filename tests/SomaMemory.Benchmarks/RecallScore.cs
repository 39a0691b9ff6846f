namespace SomaMemory.Benchmarks;

/// <summary>recall@k over the answered queries.</summary>
/// <param name="Mean">The average over answered queries; 0 when none was answered.</param>
/// <param name="Worst">The lowest recall of any answered query.</param>
/// <param name="Misses">Answered queries with recall 0: on clustered data, a search that ended in the wrong cluster.</param>
internal sealed record RecallScore(double Mean, double Worst, int Answered, int Misses);
