using System.Net;
using System.Text;

namespace SomaMemory.Benchmarks;

/// <summary>
/// The <c>memory</c> scenario: N stores, then N gets of those coordinates, then N deletes of them. Phases run
/// one after another so each get finds a stored memory and each delete finds one to delete.
/// </summary>
internal static class MemoryScenario
{
    /// <summary>Second coordinate axis of warm-up memories, kept apart from the measured ones ("i,1.5").</summary>
    private const string WarmupAxis = "0.5";
    private const string MeasuredAxis = "1.5";

    public static async Task<ScenarioRun> RunAsync(GatewayClient client, BenchmarkOptions options, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var warmupErrors = 0;
        if (options.Warmup > 0)
        {
            await progress.WriteLineAsync($"warm-up: {options.Warmup} requests per operation (not measured)");
            var warmup = await RunPhasesAsync(client, options.Warmup, options.Concurrency, WarmupAxis, progress);
            warmupErrors = warmup.Sum(result => result.Errors);
        }

        var results = await RunPhasesAsync(client, options.Requests, options.Concurrency, MeasuredAxis, progress);
        return new ScenarioRun(results, options.Warmup, warmupErrors);
    }

    private static async Task<List<OperationResult>> RunPhasesAsync(GatewayClient client, int requests, int concurrency, string axis, TextWriter progress)
    {
        // Built before any clock starts, so the latencies hold no client-side formatting work.
        var coordinates = Enumerable.Range(0, requests).Select(index => $"{index},{axis}").ToArray();
        var bodies = coordinates
            .Select((coordinate, index) => Encoding.UTF8.GetBytes($$$"""{"coord":"{{{coordinate}}}","payload":{"text":"benchmark memory {{{index}}}","i":{{{index}}}}}"""))
            .ToArray();
        var paths = coordinates.Select(coordinate => "memories/" + Uri.EscapeDataString(coordinate)).ToArray();

        var results = new List<OperationResult>(3);
        results.Add(await RunPhaseAsync("store", requests, concurrency, progress,
            index => client.SendAsync(HttpMethod.Post, "memories", bodies[index], HttpStatusCode.OK)));
        results.Add(await RunPhaseAsync("get", requests, concurrency, progress,
            index => client.SendAsync(HttpMethod.Get, paths[index], null, HttpStatusCode.OK)));
        results.Add(await RunPhaseAsync("delete", requests, concurrency, progress,
            index => client.SendAsync(HttpMethod.Delete, paths[index], null, HttpStatusCode.OK)));
        return results;
    }

    private static async Task<OperationResult> RunPhaseAsync(string operation, int requests, int concurrency, TextWriter progress, Func<int, Task<string?>> send)
    {
        var result = await LoadRunner.RunAsync(operation, requests, concurrency, send);
        await progress.WriteLineAsync($"  {operation}: {requests} requests in {result.Elapsed.TotalSeconds:0.00} s, {result.Errors} errors");
        return result;
    }
}
