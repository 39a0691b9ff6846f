using System.Globalization;
using System.Text;

namespace SomaMemory.Benchmarks;

/// <summary>Renders an index run as one Markdown table of figure, value and notes.</summary>
internal static class IndexReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static ScenarioReport Render(BenchmarkOptions options, IndexRun run)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(run);
        var settings = options.Index!;
        var graph = settings.Index;
        var body = new StringBuilder();
        body.AppendLine(Invariant,
            $"Data: {settings.Vectors:#,0} vectors and {options.Requests:#,0} held-out queries of {settings.Dimension} dimensions around {run.Centres} Gaussian centres (noise {ClusteredVectors.Noise} per component, L2-normalised), seed {settings.Seed}. The embedded index alone, in the benchmark's process: HNSW with M {graph.Connectivity}, ef_add {graph.ExpansionAdd}, ef {graph.ExpansionSearch}, {graph.Quantization}, cosine.");
        body.AppendLine();
        body.AppendLine("| figure | value | notes |");
        body.AppendLine("|---|---|---|");
        body.AppendLine(Invariant, $"| inserts | {run.InsertsPerSecond:#,0} vectors/s | all {settings.Vectors:#,0}, in batches of {settings.Batch:#,0} through `UsearchVectorIndex.Upsert` (parallel adds, as the index grain applies them) |");
        body.AppendLine(Invariant, $"| inserts, last part | {run.SegmentRates[^1]:#,0} vectors/s | by parts of about a tenth of the run (at least one batch each), first to last: {string.Join(" · ", run.SegmentRates.Select(rate => rate.ToString("#,0", Invariant)))} |");
        body.AppendLine(Invariant, $"| recall@10 | {run.Recall:0.000} | against the exact top 10 by brute force; mean of {run.SearchLatencies.Length:#,0} queries |");
        body.AppendLine(Invariant, $"| search latency | p50 {Percentiles.NearestRank(run.SearchLatencies, 50):0.00} · p95 {Percentiles.NearestRank(run.SearchLatencies, 95):0.00} · p99 {Percentiles.NearestRank(run.SearchLatencies, 99):0.00} ms | one query at a time, k 10 |");
        return new ScenarioReport(string.Create(Invariant, $"index:{settings.Vectors}:{graph.Quantization}"), body.ToString(), HasErrors: false);
    }
}
