using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;

namespace SomaMemory.Benchmarks;

/// <summary>
/// Sends items through a bulk route (<c>POST /memories/bulk</c>, <c>POST /graph/links</c>), a fixed number of bulk
/// calls at a time.
/// </summary>
internal static class BulkIngest
{
    /// <summary>
    /// Two calls at a time: while the gateway stores one batch the next is already on its way, yet the two never
    /// queue behind each other for long on a small machine.
    /// </summary>
    public const int CallsAtOnce = 2;

    /// <summary>Bulk calls of thousands of items take seconds; the default 30 s would cut off a slow but healthy one.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The connections a client needs that sends both bulk calls and <paramref name="concurrency"/> workers' queries.</summary>
    public static int Connections(int concurrency) => Math.Max(concurrency, CallsAtOnce);


    /// <param name="route">Where the bodies go and which field of the answer counts the items it took.</param>
    /// <param name="buildBody">Writes the body for items start to start + count - 1.</param>
    public static async Task<IngestResult> RunAsync(
        GatewayClient client, BulkRoute route, string label, int memories, int batchSize, Func<int, int, byte[]> buildBody, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(buildBody);
        ArgumentNullException.ThrowIfNull(progress);
        var batches = (memories + batchSize - 1) / batchSize;
        var itemErrors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var stored = 0;
        var finishedBatches = 0;
        var waitingTicks = 0L;
        var bodyBytes = 0L;
        // About ten progress lines per ingest, so a long run shows it is alive without flooding the terminal.
        var reportEvery = Math.Max(1, batches / 10);

        // All bodies at once would be gigabytes at large sizes, so a writer stays a few bodies ahead of the calls:
        // writing JSON then overlaps the gateway's work. Bodies are self-contained, so which call sends which does
        // not matter.
        var bodies = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(CallsAtOnce) { SingleWriter = true });
        var writer = Task.Run(async () =>
        {
            try
            {
                for (var batch = 0; batch < batches; batch++)
                {
                    var start = batch * batchSize;
                    await bodies.Writer.WriteAsync(buildBody(start, Math.Min(batchSize, memories - start)));
                }

                bodies.Writer.Complete();
            }
            catch (Exception exception)
            {
                bodies.Writer.Complete(exception);
                throw;
            }
        });

        async Task<string?> SendAsync(int batch)
        {
            // Only the time a call waits for its body counts against the client; it is reported with the result.
            var waiting = Stopwatch.GetTimestamp();
            var body = await bodies.Reader.ReadAsync();
            Interlocked.Add(ref waitingTicks, Stopwatch.GetTimestamp() - waiting);
            Interlocked.Add(ref bodyBytes, body.Length);

            var (error, answer) = await client.SendReadingBodyAsync(HttpMethod.Post, route.Path, body, HttpStatusCode.OK);
            if (error is null)
            {
                Interlocked.Add(ref stored, ReadAnswer(answer!, route.CountField, itemErrors));
            }

            if (Interlocked.Increment(ref finishedBatches) % reportEvery == 0)
            {
                await progress.WriteLineAsync($"  {label}: {finishedBatches} of {batches} bulk calls answered, {Volatile.Read(ref stored)} {route.Items} stored");
            }

            return error;
        }

        var startedAt = Stopwatch.GetTimestamp();
        var calls = await LoadRunner.RunAsync(label, batches, CallsAtOnce, SendAsync);
        var finishedAt = Stopwatch.GetTimestamp();
        await writer;
        var waited = TimeSpan.FromSeconds((double)waitingTicks / Stopwatch.Frequency);
        return new IngestResult(memories, stored, batchSize, calls, new Dictionary<string, int>(itemErrors, StringComparer.Ordinal), startedAt, finishedAt, waited, bodyBytes);
    }

    /// <summary>
    /// Reads <c>{stored, errors:[{index, detail}]}</c> (or <c>linked</c> in place of <c>stored</c>): counts the refused
    /// items by detail and returns the count field.
    /// </summary>
    private static int ReadAnswer(byte[] answer, string countField, ConcurrentDictionary<string, int> itemErrors)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            var root = document.RootElement;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    var detail = error.TryGetProperty("detail", out var text) ? text.GetString() ?? "" : error.GetRawText();
                    itemErrors.AddOrUpdate(detail, 1, (_, count) => count + 1);
                }
            }

            return root.TryGetProperty(countField, out var stored) && stored.TryGetInt32(out var count) ? count : 0;
        }
        catch (JsonException)
        {
            itemErrors.AddOrUpdate("the bulk answer is not JSON", 1, (_, count) => count + 1);
            return 0;
        }
    }
}
