using System.Globalization;
using System.Text;
using static SomaMemory.Benchmarks.ReportText;

namespace SomaMemory.Benchmarks;

/// <summary>Renders a recall run as one Markdown table of figure, value and notes, then its errors.</summary>
internal static class RecallReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static ScenarioReport Render(BenchmarkOptions options, RecallRun run)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(run);
        var settings = options.Recall!;
        var body = new StringBuilder();
        body.AppendLine(Invariant,
            $"Data: {settings.Memories:#,0} memories and {options.Requests:#,0} held-out query vectors of {settings.Dimension} dimensions around {run.Centres} Gaussian centres (noise {ClusteredVectors.Noise} per component, L2-normalised), seed {settings.Seed}; namespaces `{options.Namespace}` and `{RecallScenario.OnnxNamespace(options)}`.");
        body.AppendLine();
        body.AppendLine("| figure | value | notes |");
        body.AppendLine("|---|---|---|");
        foreach (var (figure, value, notes) in Rows(options, settings, run))
        {
            body.AppendLine(Invariant, $"| {figure} | {value} | {notes} |");
        }

        var errorLines = ErrorLines(run).ToList();
        if (errorLines.Count > 0)
        {
            body.AppendLine();
            errorLines.ForEach(line => body.AppendLine(line));
        }

        return new ScenarioReport(string.Create(Invariant, $"recall:{settings.Memories}{(settings.Base64Vectors ? ":base64" : "")}"), body.ToString(), run.HasErrors);
    }

    private static IEnumerable<(string Figure, string Value, string Notes)> Rows(BenchmarkOptions options, RecallOptions settings, RecallRun run)
    {
        var ingest = run.VectorIngest;
        var encoding = settings.Base64Vectors ? "; vectors sent as base64 float32" : "";
        var settled = settings.SettleSeconds > 0 ? Format($"; began {settings.SettleSeconds} s after the catch-up") : "; began right after the catch-up";
        yield return ("bulk ingest, client vectors", Format($"{ingest.MemoriesPerSecond:#,0} memories/s"), Ingest(ingest) + encoding);

        var catchUp = run.CatchUp;
        var sinceFirstCall = Seconds(ingest.StartedAt, catchUp.CaughtUpAt);
        var sinceLastAck = Seconds(ingest.FinishedAt, catchUp.CaughtUpAt);
        if (catchUp.CaughtUp)
        {
            yield return ("index catch-up", Format($"{ingest.Stored / sinceFirstCall:#,0} memories/s"),
                Format($"{ingest.Stored:#,0} acknowledged memories over the {sinceFirstCall:0.0} s from the first bulk call until `GET /health` showed `index_lag.pending` 0 (a grid-wide count: run on an otherwise idle grid)"));
            yield return ("index caught up after the last ack", Format($"{sinceLastAck:0.0} s"),
                "pending counts changes not yet in a saved index, and a changed index is saved every 10 s by default (`Soma:Indexing:SaveInterval`), so this includes the wait for the next save");
        }
        else
        {
            yield return ("index catch-up", "not reached",
                Format($"`index_lag.pending` was still {catchUp.LastPending} {sinceLastAck:0.0} s after the last ack, when the benchmark stopped polling"));
        }

        var first = run.FirstSearch;
        yield return ("first vector search after the last ack", first.Error is null ? Format($"{first.LatencyMilliseconds:#,0.0} ms") : "failed",
            Format($"{first.Hits} of {RecallBodies.TopK} hits; sent as soon as the last bulk call was acknowledged. A search applies the index's buffered changes first (read your writes), so new memories are found before the index is saved"));

        yield return ("recall latency, query vector", Latencies(run.VectorSearch),
            Format($"{run.VectorSearch.Requests:#,0} held-out query vectors, `mode` vector, `top_k` {RecallBodies.TopK}, concurrency {run.VectorSearch.Concurrency}: {run.VectorSearch.Throughput:#,0.0} req/s, {run.VectorSearch.Errors} errors") + settled);
        yield return ("recall@10, query vector", Format($"{run.Recall.Mean:0.000}"),
            Format($"against the exact top {RecallBodies.TopK} by brute force over the {settings.Memories:#,0} stored vectors; mean of {run.Recall.Answered:#,0} answered queries; worst query {run.Recall.Worst:0.0}, {run.Recall.Misses} {(run.Recall.Misses == 1 ? "query" : "queries")} found none of their true top {RecallBodies.TopK}"));
        yield return ("recall latency, ONNX query embedding", Latencies(run.TextSearch),
            Format($"{run.TextSearch.Requests:#,0} text queries of 8–12 words that the gateway embeds with its model, then the same search of the same namespace, concurrency {run.TextSearch.Concurrency}: {run.TextSearch.Throughput:#,0.0} req/s, {run.TextSearch.Errors} errors"));

        yield return run.OnnxIngest is { } onnx
            ? ("ONNX ingest", Format($"{onnx.MemoriesPerSecond:#,0} memories/s"),
                Format($"texts of 8–15 words without vectors, embedded by the gateway, into `{RecallScenario.OnnxNamespace(options)}`: ") + Ingest(onnx))
            : ("ONNX ingest", "skipped", "`--onnx-memories 0`");

        yield return (run.ResidentBefore, run.ResidentAfter, settings.GatewayProcessId) switch
        {
            ({ } before, { } after, { } processId) => ("gateway resident memory per memory", Format($"{(after - before) / (double)Math.Max(1, ingest.Stored):#,0} B"),
                Format($"VmRSS of process {processId} (gateway and silo) grew from {Mebibytes(before)} before the ingest to {Mebibytes(after)} after the catch-up, over {ingest.Stored:#,0} memories. It holds the index, and the memories' grain activations until they idle out")),
            (_, _, { } processId) => ("gateway resident memory per memory", "not measured", Format($"could not read /proc/{processId}/status during the run")),
            _ => ("gateway resident memory per memory", "not measured", "no `--gateway-pid` given"),
        };
    }

    private static IEnumerable<string> ErrorLines(RecallRun run)
    {
        var sources = new List<(string Source, IReadOnlyDictionary<string, int> ErrorsByKind)>
        {
            ("bulk ingest", run.VectorIngest.Calls.ErrorsByKind),
            ("bulk ingest (refused items)", run.VectorIngest.ItemErrorsByKind),
            ("index catch-up (GET /health)", run.CatchUp.ErrorsByKind),
            ("warm-up searches", run.WarmupErrorsByKind),
            ("recall, query vector", run.VectorSearch.ErrorsByKind),
            ("recall, text query", run.TextSearch.ErrorsByKind),
        };
        if (run.FirstSearch.Error is { } firstError)
        {
            sources.Add(("first vector search", new Dictionary<string, int>(StringComparer.Ordinal) { [firstError] = 1 }));
        }

        if (run.OnnxIngest is { } onnx)
        {
            sources.Add(("ONNX ingest", onnx.Calls.ErrorsByKind));
            sources.Add(("ONNX ingest (refused items)", onnx.ItemErrorsByKind));
        }

        foreach (var line in ReportText.ErrorLines(sources))
        {
            yield return line;
        }

        if (!run.CatchUp.CaughtUp)
        {
            yield return Format($"The index did not catch up: `index_lag.pending` was {run.CatchUp.LastPending} at the last of {run.CatchUp.Polls} polls.");
        }
    }

    private static double Seconds(long from, long to) => (to - from) / (double)System.Diagnostics.Stopwatch.Frequency;

    private static string Mebibytes(long bytes) => Format($"{bytes / 1024.0 / 1024.0:#,0} MiB");
}
