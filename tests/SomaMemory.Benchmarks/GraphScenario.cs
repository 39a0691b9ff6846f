using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace SomaMemory.Benchmarks;

/// <summary>
/// The <c>graph</c> scenario: a random directed graph stored through <c>POST /graph/links</c>, then the latency of
/// neighbours at one hop (a page of 10) and at three hops (a page of 1000, so the walk really takes three hops), of
/// the shortest path between random pairs, and of the cheapest (weighted) path. Everything goes through HTTP.
/// </summary>
internal static class GraphScenario
{
    public const int NearLimit = 10;
    public const int FarHops = 3;
    public const int FarLimit = 1000;
    public const int PathMaxLength = 6;

    public static async Task<GraphRun> RunAsync(GatewayClient client, BenchmarkOptions options, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var settings = options.Graph ?? throw new ArgumentException("The graph scenario needs its settings.", nameof(options));
        await progress.WriteLineAsync($"generating a graph of {settings.Nodes} nodes with {settings.Degree} out-links each, seed {settings.Seed}");
        var data = GraphData.Generate(settings, options.Requests, options.Warmup);

        await progress.WriteLineAsync($"link ingest: {settings.Links} links, {settings.Batch} per call");
        var ingest = await BulkIngest.RunAsync(client, BulkRoute.Links, "link ingest", (int)settings.Links, settings.Batch, data.LinksBody, progress);

        var near = data.NeighborStarts.Select(node => Neighbors(node, 1, NearLimit)).ToArray();
        var far = data.NeighborStarts.Select(node => Neighbors(node, FarHops, FarLimit)).ToArray();
        var paths = data.Pairs.Take(options.Requests).Select(pair => Path(pair, weighted: false)).ToArray();
        var weighted = data.Pairs.Take(settings.WeightedQueries).Select(pair => Path(pair, weighted: true)).ToArray();

        var warmupErrors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        if (options.Warmup > 0)
        {
            await progress.WriteLineAsync($"warm-up: {options.Warmup} queries of each kind (not measured)");
            // The first queries of each kind activate the graph workers and compile code paths: start-up cost, not latency.
            await WarmUpAsync(client, [.. data.WarmupStarts.Select(node => Neighbors(node, 1, NearLimit))], options.Concurrency, warmupErrors);
            await WarmUpAsync(client, [.. data.WarmupStarts.Select(node => Neighbors(node, FarHops, FarLimit))], options.Concurrency, warmupErrors);
            await WarmUpAsync(client, [.. data.WarmupPairs.Select(pair => Path(pair, weighted: false))], options.Concurrency, warmupErrors);
        }

        var nearAnswers = new byte[near.Length][];
        var nearResult = await QueryAsync(client, "neighbours, k=1", near, options.Concurrency, nearAnswers, progress);
        var farAnswers = new byte[far.Length][];
        var farResult = await QueryAsync(client, "neighbours, k=3", far, options.Concurrency, farAnswers, progress);
        var pathAnswers = new byte[paths.Length][];
        var pathResult = await QueryAsync(client, "shortest path", paths, options.Concurrency, pathAnswers, progress);
        OperationResult? weightedResult = null;
        var weightedAnswers = new byte[weighted.Length][];
        if (weighted.Length > 0)
        {
            weightedResult = await QueryAsync(client, "weighted path", weighted, options.Concurrency, weightedAnswers, progress);
        }

        return new GraphRun(
            ingest,
            nearResult,
            Answered(nearAnswers, GraphAnswer.NeighborCount),
            farResult,
            Answered(farAnswers, GraphAnswer.NeighborCount),
            pathResult,
            Answered(pathAnswers, GraphAnswer.Path),
            weightedResult,
            Answered(weightedAnswers, GraphAnswer.Path),
            new Dictionary<string, int>(warmupErrors, StringComparer.Ordinal));
    }

    private static string Neighbors(int node, int hops, int limit) => string.Create(CultureInfo.InvariantCulture,
        $"graph/neighbors?coord={Uri.EscapeDataString(GraphData.Coordinate(node))}&k_hop={hops}&limit={limit}");

    private static string Path((int From, int To) pair, bool weighted) => string.Create(CultureInfo.InvariantCulture,
        $"graph/path?from_coord={Uri.EscapeDataString(GraphData.Coordinate(pair.From))}&to_coord={Uri.EscapeDataString(GraphData.Coordinate(pair.To))}&max_length={PathMaxLength}{(weighted ? "&weighted=true" : "")}");

    private static async Task WarmUpAsync(GatewayClient client, string[] paths, int concurrency, ConcurrentDictionary<string, int> errors)
    {
        var result = await LoadRunner.RunAsync("warm-up", paths.Length, concurrency,
            async index => (await client.SendReadingBodyAsync(HttpMethod.Get, paths[index], null, HttpStatusCode.OK)).Error);
        foreach (var (kind, count) in result.ErrorsByKind)
        {
            errors.AddOrUpdate(kind, count, (_, existing) => existing + count);
        }
    }

    /// <summary>Sends every query once and keeps each answer, to be read only after the clock has stopped.</summary>
    private static async Task<OperationResult> QueryAsync(
        GatewayClient client, string operation, string[] paths, int concurrency, byte[][] answers, TextWriter progress)
    {
        var result = await LoadRunner.RunAsync(operation, paths.Length, concurrency, async index =>
        {
            var (error, answer) = await client.SendReadingBodyAsync(HttpMethod.Get, paths[index], null, HttpStatusCode.OK);
            answers[index] = answer ?? [];
            return error;
        });
        await progress.WriteLineAsync($"  {operation}: {paths.Length} queries in {result.Elapsed.TotalSeconds:0.00} s, {result.Errors} errors");
        return result;
    }

    /// <summary>The readable answers; a failed query is already counted as an error, so it is left out here.</summary>
    private static List<int> Answered(byte[][] answers, Func<byte[], int?> read) => [.. answers.Select(read).OfType<int>()];

    private static List<PathAnswer> Answered(byte[][] answers, Func<byte[], PathAnswer?> read) => [.. answers.Select(read).OfType<PathAnswer>()];
}
