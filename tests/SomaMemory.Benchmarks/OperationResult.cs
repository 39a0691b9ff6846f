namespace SomaMemory.Benchmarks;

/// <summary>The measured requests of one operation: one row of the table.</summary>
/// <param name="SortedLatenciesMs">Every request's latency, failed ones included, in ascending order.</param>
/// <param name="ErrorsByKind">How many requests failed, by what went wrong ("HTTP 500", "connection failed ...").</param>
internal sealed record OperationResult(
    string Operation,
    int Requests,
    int Concurrency,
    TimeSpan Elapsed,
    IReadOnlyList<double> SortedLatenciesMs,
    IReadOnlyDictionary<string, int> ErrorsByKind)
{
    public int Errors => ErrorsByKind.Values.Sum();

    /// <summary>Requests over the wall-clock time of the whole phase, which is what concurrency buys.</summary>
    public double Throughput => Requests / Elapsed.TotalSeconds;

    public double Percentile(double percentile) => Percentiles.NearestRank(SortedLatenciesMs, percentile);
}
