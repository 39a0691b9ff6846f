namespace SomaMemory.Benchmarks;

/// <summary>One bulk ingest: the bulk calls as a load phase, and what the gateway said about their items.</summary>
/// <param name="Memories">Memories sent.</param>
/// <param name="Stored">Memories the gateway acknowledged as stored (the sum of each answer's <c>stored</c>).</param>
/// <param name="Calls">The bulk requests: their latencies, wall time and failed requests.</param>
/// <param name="ItemErrorsByKind">Items that a successful bulk call refused, by the detail it gave.</param>
/// <param name="StartedAt">Stopwatch timestamp just before the first bulk call.</param>
/// <param name="FinishedAt">Stopwatch timestamp just after the last acknowledgement.</param>
/// <param name="BodyWaiting">Time the bulk calls waited for the client to write their bodies, summed over calls: the client's share of the wall time.</param>
/// <param name="BodyBytes">The size of all request bodies, which bounds the batch size under the gateway's body limit.</param>
internal sealed record IngestResult(
    int Memories,
    int Stored,
    int BatchSize,
    OperationResult Calls,
    IReadOnlyDictionary<string, int> ItemErrorsByKind,
    long StartedAt,
    long FinishedAt,
    TimeSpan BodyWaiting,
    long BodyBytes)
{
    public int ItemErrors => ItemErrorsByKind.Values.Sum();

    /// <summary>Acknowledged memories over the wall time of all bulk calls.</summary>
    public double MemoriesPerSecond => Stored / Calls.Elapsed.TotalSeconds;
}
