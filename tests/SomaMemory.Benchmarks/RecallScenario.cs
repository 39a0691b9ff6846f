using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace SomaMemory.Benchmarks;

/// <summary>
/// The <c>recall</c> scenario: bulk ingest of clustered client vectors, the index catching up, searches by vector
/// (latency and recall@10 against brute force), searches by text that the gateway embeds, bulk ingest that the
/// gateway embeds, and the gateway's resident memory per stored memory. Everything goes through HTTP.
/// </summary>
internal static class RecallScenario
{
    /// <summary>Words per ONNX memory: short notes, as agents store them.</summary>
    private const int MemoryWordsMinimum = 8;
    private const int MemoryWordsMaximum = 15;

    public static async Task<RecallRun> RunAsync(GatewayClient client, BenchmarkOptions options, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var settings = options.Recall ?? throw new ArgumentException("The recall scenario needs its settings.", nameof(options));
        var data = await RecallData.GenerateAsync(settings, options.Requests, options.Warmup, progress);

        var residentBefore = ReadResident(settings);
        await progress.WriteLineAsync($"bulk ingest: {settings.Memories} memories with vectors, {settings.Batch} per call");
        var ingest = await BulkIngest.RunAsync(client, BulkRoute.Memories, "bulk ingest", settings.Memories, settings.Batch,
            (start, count) => RecallBodies.BulkWithVectors(data.Memories, start, count, settings.Base64Vectors), progress);

        // Before anything else: how soon after the last acknowledgement a search sees the new memories.
        var firstSearch = await SearchOnceAsync(client, RecallBodies.VectorSearch(data.WarmupQueries[0], settings.Base64Vectors));
        await progress.WriteLineAsync($"index catch-up: polling GET /health until index_lag.pending is 0");
        // Generous, and growing with the run: a slow catch-up is a figure to report, not a reason to give up early.
        var catchUp = await IndexCatchUp.WaitAsync(client, TimeSpan.FromMinutes(5) + TimeSpan.FromMilliseconds(2.0 * settings.Memories));
        var residentAfter = ReadResident(settings);
        if (settings.SettleSeconds > 0)
        {
            await progress.WriteLineAsync($"settle: {settings.SettleSeconds} s before the searches");
            await Task.Delay(TimeSpan.FromSeconds(settings.SettleSeconds));
        }

        var warmupErrors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var vectorBodies = data.Queries.Select(query => RecallBodies.VectorSearch(query, settings.Base64Vectors)).ToArray();
        var textBodies = data.TextQueries.Select(RecallBodies.TextSearch).ToArray();
        if (options.Warmup > 0)
        {
            await progress.WriteLineAsync($"warm-up: {options.Warmup} searches of each kind (not measured)");
            // The first searches of each kind activate grains and compile code paths: start-up cost, not recall latency.
            await WarmUpAsync(client, data.WarmupQueries.Skip(1).Select(query => RecallBodies.VectorSearch(query, settings.Base64Vectors)).ToArray(), options.Concurrency, warmupErrors);
            await WarmUpAsync(client, data.WarmupTexts.Select(RecallBodies.TextSearch).ToArray(), options.Concurrency, warmupErrors);
        }

        var answers = new byte[vectorBodies.Length][];
        var vectorSearch = await SearchAsync(client, "recall, query vector", vectorBodies, options.Concurrency, answers, progress);
        var recall = Score(data.ExactTop, answers);
        var textSearch = await SearchAsync(client, "recall, text query", textBodies, options.Concurrency, new byte[textBodies.Length][], progress);

        IngestResult? onnxIngest = null;
        if (settings.OnnxMemories > 0)
        {
            // A second fresh namespace: these memories have the model's vectors, not the clustered ones.
            using var onnxClient = new GatewayClient(options.Url, options.Token, OnnxNamespace(options), BulkIngest.CallsAtOnce, BulkIngest.CallTimeout);
            var texts = WordSentences.Make(settings.OnnxMemories, MemoryWordsMinimum, MemoryWordsMaximum, new Random(unchecked(settings.Seed + 6)));
            await progress.WriteLineAsync($"ONNX ingest: {settings.OnnxMemories} memories without vectors into {OnnxNamespace(options)}");
            // Batches small enough that both concurrent calls have work: a call embeds its items one batch after another.
            var batch = Math.Min(settings.Batch, (settings.OnnxMemories + BulkIngest.CallsAtOnce - 1) / BulkIngest.CallsAtOnce);
            onnxIngest = await BulkIngest.RunAsync(onnxClient, BulkRoute.Memories, "ONNX ingest", settings.OnnxMemories, batch,
                (start, count) => RecallBodies.BulkWithTexts(texts, start, count), progress);
        }

        return new RecallRun(data.Centres, ingest, firstSearch, catchUp, residentBefore, residentAfter, vectorSearch, recall, textSearch, onnxIngest,
            new Dictionary<string, int>(warmupErrors, StringComparer.Ordinal));
    }

    public static string OnnxNamespace(BenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Namespace + "-onnx";
    }

    private static long? ReadResident(RecallOptions settings) =>
        settings.GatewayProcessId is { } processId ? ResidentMemory.Read(processId) : null;

    private static async Task<FirstSearch> SearchOnceAsync(GatewayClient client, byte[] body)
    {
        var started = Stopwatch.GetTimestamp();
        var (error, answer) = await client.SendReadingBodyAsync(HttpMethod.Post, "memories/search", body, HttpStatusCode.OK);
        var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var hits = answer is null ? 0 : SearchAnswer.Indexes(answer)?.Length ?? 0;
        return new FirstSearch(latency, hits, error);
    }

    private static async Task WarmUpAsync(GatewayClient client, byte[][] bodies, int concurrency, ConcurrentDictionary<string, int> errors)
    {
        var result = await LoadRunner.RunAsync("warm-up", bodies.Length, concurrency,
            async index => (await client.SendReadingBodyAsync(HttpMethod.Post, "memories/search", bodies[index], HttpStatusCode.OK)).Error);
        foreach (var (kind, count) in result.ErrorsByKind)
        {
            errors.AddOrUpdate(kind, count, (_, existing) => existing + count);
        }
    }

    /// <summary>Sends every body once and keeps each answer, to be read only after the clock has stopped.</summary>
    private static async Task<OperationResult> SearchAsync(
        GatewayClient client, string operation, byte[][] bodies, int concurrency, byte[][] answers, TextWriter progress)
    {
        var result = await LoadRunner.RunAsync(operation, bodies.Length, concurrency, async index =>
        {
            var (error, answer) = await client.SendReadingBodyAsync(HttpMethod.Post, "memories/search", bodies[index], HttpStatusCode.OK);
            answers[index] = answer ?? [];
            return error;
        });
        await progress.WriteLineAsync($"  {operation}: {bodies.Length} searches in {result.Elapsed.TotalSeconds:0.00} s, {result.Errors} errors");
        return result;
    }

    private static RecallScore Score(int[][] exactTop, byte[][] answers)
    {
        var recalls = new List<double>(answers.Length);
        for (var query = 0; query < answers.Length; query++)
        {
            // A failed search is already counted as an error; scoring it 0 would count it twice.
            if (answers[query].Length > 0 && SearchAnswer.Indexes(answers[query]) is { } returned)
            {
                recalls.Add(ExactNeighbours.Recall(exactTop[query], returned));
            }
        }

        return recalls.Count == 0
            ? new RecallScore(0, 0, 0, 0)
            : new RecallScore(recalls.Average(), recalls.Min(), recalls.Count, recalls.Count(recall => recall == 0));
    }
}
