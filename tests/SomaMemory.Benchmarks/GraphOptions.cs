namespace SomaMemory.Benchmarks;

/// <summary>What only the <c>graph</c> scenario asks for; its query count is <see cref="BenchmarkOptions.Requests"/>.</summary>
/// <param name="Nodes">Coordinates of the random graph; with <paramref name="Degree"/>, also names the report section.</param>
/// <param name="Degree">Outgoing links of every node, to distinct other nodes.</param>
/// <param name="Batch">Links per <c>POST /graph/links</c>.</param>
/// <param name="WeightedQueries">Weighted shortest paths to measure; 0 skips them.</param>
internal sealed record GraphOptions(
    int Nodes,
    int Degree,
    int Batch,
    int Seed,
    int WeightedQueries)
{
    public long Links => (long)Nodes * Degree;
}
