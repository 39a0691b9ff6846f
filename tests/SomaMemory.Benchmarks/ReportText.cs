using System.Globalization;

namespace SomaMemory.Benchmarks;

/// <summary>The wording shared by the scenarios' figure tables: latencies, bulk ingests and error lines.</summary>
internal static class ReportText
{
    /// <summary>Beyond this many kinds of error per source, the rest are summed: one bad run should not be a page.</summary>
    private const int ErrorKindsShown = 10;

    public static string Latencies(OperationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Format($"p50 {result.Percentile(50):0.00} · p95 {result.Percentile(95):0.00} · p99 {result.Percentile(99):0.00} · max {result.Percentile(100):0.00} ms");
    }

    /// <summary>How a bulk ingest went: counts, calls, their latencies and the client's share of the time.</summary>
    public static string Ingest(IngestResult ingest)
    {
        ArgumentNullException.ThrowIfNull(ingest);
        var calls = ingest.Calls;
        var plural = calls.Requests == 1 ? "" : "s";
        var bytesPerItem = ingest.BodyBytes / (double)Math.Max(1, ingest.Memories);
        return Format(
            $"{ingest.Stored:#,0} of {ingest.Memories:#,0} stored in {calls.Elapsed.TotalSeconds:0.0} s by {calls.Requests:#,0} bulk call{plural} of up to {ingest.BatchSize:#,0} items ({bytesPerItem:#,0} bytes of JSON each), at most {calls.Concurrency} at a time (call p50 {calls.Percentile(50):#,0} ms, max {calls.Percentile(100):#,0} ms); {calls.Errors} failed calls, {ingest.ItemErrors} refused items; calls waited {ingest.BodyWaiting.TotalSeconds:0.0} s in all for the client to write their bodies");
    }

    /// <summary>One line per kind of error of each source, most frequent first.</summary>
    public static IEnumerable<string> ErrorLines(IEnumerable<(string Source, IReadOnlyDictionary<string, int> ErrorsByKind)> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        foreach (var (source, errorsByKind) in sources)
        {
            var kinds = errorsByKind.OrderByDescending(pair => pair.Value).ToList();
            foreach (var (kind, count) in kinds.Take(ErrorKindsShown))
            {
                // Details end in a full stop of their own; the line adds one.
                yield return Format($"Errors in {source}: {count} × {kind.TrimEnd('.')}.");
            }

            if (kinds.Count > ErrorKindsShown)
            {
                yield return Format($"Errors in {source}: {kinds.Skip(ErrorKindsShown).Sum(pair => pair.Value)} more, of {kinds.Count - ErrorKindsShown} other kinds.");
            }
        }
    }

    public static string Format(FormattableString text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ToString(CultureInfo.InvariantCulture);
    }
}
