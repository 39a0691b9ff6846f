using System.Collections.Concurrent;
using System.Diagnostics;

namespace SomaMemory.Benchmarks;

/// <summary>Runs N requests on a fixed number of workers that take request numbers from one shared counter.</summary>
internal static class LoadRunner
{
    /// <param name="send">Sends request number i; returns null on success or a short error label.</param>
    public static async Task<OperationResult> RunAsync(string operation, int requests, int concurrency, Func<int, Task<string?>> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        // Each request writes only its own slot, so the workers need no lock to record latencies.
        var latencies = new double[requests];
        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var next = -1;

        async Task WorkAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                var error = await send(index);
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (error is not null)
                {
                    errors.AddOrUpdate(error, 1, (_, count) => count + 1);
                }
            }
        }

        var phaseStarted = Stopwatch.GetTimestamp();
        // Task.Run so that each worker starts on the thread pool rather than running its first request inline.
        var workers = Enumerable.Range(0, Math.Min(concurrency, requests)).Select(_ => Task.Run(WorkAsync)).ToArray();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(phaseStarted);

        Array.Sort(latencies);
        return new OperationResult(operation, requests, concurrency, elapsed, latencies, new Dictionary<string, int>(errors, StringComparer.Ordinal));
    }
}
