using System.Globalization;
using System.Text;
using static SomaMemory.Benchmarks.ReportText;

namespace SomaMemory.Benchmarks;

/// <summary>Renders a graph run as one Markdown table of figure, value and notes, then its errors.</summary>
internal static class GraphReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static ScenarioReport Render(BenchmarkOptions options, GraphRun run)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(run);
        var settings = options.Graph!;
        var body = new StringBuilder();
        body.AppendLine(Invariant,
            $"Data: a random directed graph of {settings.Nodes:#,0} nodes (coordinates `i,0`, no memories stored at them) with {settings.Degree} out-links each to distinct random other nodes, {settings.Links:#,0} links in all, types drawn from {string.Join(", ", GraphData.LinkTypes)}, strengths uniform in 0.1–1, seed {settings.Seed}; namespace `{options.Namespace}`. Queries start at random nodes, paths join random pairs; all at concurrency {options.Concurrency}.");
        body.AppendLine();
        body.AppendLine("| figure | value | notes |");
        body.AppendLine("|---|---|---|");
        foreach (var (figure, value, notes) in Rows(run))
        {
            body.AppendLine(Invariant, $"| {figure} | {value} | {notes} |");
        }

        var errorLines = ErrorLines(Sources(run)).ToList();
        if (errorLines.Count > 0)
        {
            body.AppendLine();
            errorLines.ForEach(line => body.AppendLine(line));
        }

        return new ScenarioReport(Section(settings), body.ToString(), run.HasErrors);
    }

    /// <summary>graph:NODESxDEGREE, so that runs of different sizes sit side by side.</summary>
    public static string Section(GraphOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return string.Create(Invariant, $"graph:{settings.Nodes}x{settings.Degree}");
    }

    private static IEnumerable<(string Figure, string Value, string Notes)> Rows(GraphRun run)
    {
        var ingest = run.Ingest;
        yield return ("link ingest", Format($"{ingest.MemoriesPerSecond:#,0} links/s"), "`POST /graph/links`: " + Ingest(ingest));

        yield return ("neighbours, k=1", Latencies(run.Near),
            Format($"`k_hop=1&limit={GraphScenario.NearLimit}`, {Queries(run.Near)}; {Mean(run.NearSizes):0.0} neighbours per answer"));
        yield return ("neighbours, k=3", Latencies(run.Far),
            Format($"`k_hop={GraphScenario.FarHops}&limit={GraphScenario.FarLimit}`, {Queries(run.Far)}; {Mean(run.FarSizes):#,0.0} neighbours per answer (smallest {Smallest(run.FarSizes):#,0})"));
        yield return ("shortest path", Latencies(run.Path),
            Format($"`max_length={GraphScenario.PathMaxLength}` between random pairs, {Queries(run.Path)}; ") + Paths(run.Paths));
        yield return run.Weighted is { } weighted
            ? ("weighted path", Latencies(weighted),
                Format($"`max_length={GraphScenario.PathMaxLength}&weighted=true` (least total 1/strength) between the first of the same pairs, {Queries(weighted)}; ") + Paths(run.WeightedPaths)
                + Format($", mean cost {run.WeightedPaths.Where(path => path.Found).Select(path => path.Cost).DefaultIfEmpty().Average():0.00}"))
            : ("weighted path", "skipped", "`--weighted-queries 0`");
    }

    private static string Queries(OperationResult result) =>
        Format($"{result.Requests:#,0} queries: {result.Throughput:#,0.0} req/s, {result.Errors} errors");

    private static string Paths(IReadOnlyList<PathAnswer> answers)
    {
        var found = answers.Where(answer => answer.Found).ToList();
        return Format($"{found.Count:#,0} of {answers.Count:#,0} answered found ({found.Count / (double)Math.Max(1, answers.Count):0.0%}), mean length {found.Select(answer => answer.Length).DefaultIfEmpty().Average():0.00} links");
    }

    private static double Mean(IReadOnlyList<int> sizes) => sizes.DefaultIfEmpty().Average();

    private static int Smallest(IReadOnlyList<int> sizes) => sizes.DefaultIfEmpty().Min();

    private static List<(string Source, IReadOnlyDictionary<string, int> ErrorsByKind)> Sources(GraphRun run)
    {
        var sources = new List<(string Source, IReadOnlyDictionary<string, int> ErrorsByKind)>
        {
            ("link ingest", run.Ingest.Calls.ErrorsByKind),
            ("link ingest (refused links)", run.Ingest.ItemErrorsByKind),
            ("warm-up queries", run.WarmupErrorsByKind),
            ("neighbours, k=1", run.Near.ErrorsByKind),
            ("neighbours, k=3", run.Far.ErrorsByKind),
            ("shortest path", run.Path.ErrorsByKind),
        };
        if (run.Weighted is { } weighted)
        {
            sources.Add(("weighted path", weighted.ErrorsByKind));
        }

        return sources;
    }
}
