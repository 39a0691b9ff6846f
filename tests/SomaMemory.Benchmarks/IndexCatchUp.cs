using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace SomaMemory.Benchmarks;

/// <summary>How long the vector index took to hold every stored change, as <c>GET /health</c> reports it.</summary>
/// <param name="CaughtUp">Whether <c>index_lag.pending</c> reached 0 before the time limit.</param>
/// <param name="CaughtUpAt">Stopwatch timestamp of the first poll that saw 0 pending (or of the last poll).</param>
/// <param name="LastPending">The last pending count read; -1 when no poll was answered.</param>
/// <param name="Polls">Polls made, answered or not.</param>
/// <param name="ErrorsByKind">Polls that failed, by what went wrong.</param>
internal sealed record IndexCatchUp(bool CaughtUp, long CaughtUpAt, long LastPending, int Polls, IReadOnlyDictionary<string, int> ErrorsByKind)
{
    /// <summary>
    /// Twice a second: the lag changes in steps of one index save (every ~10 s by default), and each poll makes the
    /// gateway count the whole grid in Postgres, which should not weigh on what is measured.
    /// </summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Polls until no change is pending or <paramref name="limit"/> has passed.</summary>
    public static async Task<IndexCatchUp> WaitAsync(GatewayClient client, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(client);
        var errors = new Dictionary<string, int>(StringComparer.Ordinal);
        var started = Stopwatch.GetTimestamp();
        var lastPending = -1L;
        var polls = 0;
        while (true)
        {
            polls++;
            var (error, body) = await client.SendReadingBodyAsync(HttpMethod.Get, "health", null, HttpStatusCode.OK);
            var polledAt = Stopwatch.GetTimestamp();
            error ??= ReadPending(body!, out lastPending);
            if (error is not null)
            {
                errors[error] = errors.GetValueOrDefault(error) + 1;
            }
            else if (lastPending == 0)
            {
                return new IndexCatchUp(true, polledAt, lastPending, polls, errors);
            }

            if (Stopwatch.GetElapsedTime(started) >= limit)
            {
                return new IndexCatchUp(false, polledAt, lastPending, polls, errors);
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Reads <c>index_lag.pending</c>; null when read, else why not.</summary>
    private static string? ReadPending(byte[] body, out long pending)
    {
        pending = -1;
        try
        {
            using var document = JsonDocument.Parse(body);
            // The gateway leaves index_lag out (null) when Postgres could not be counted.
            return document.RootElement.TryGetProperty("index_lag", out var lag)
                && lag.ValueKind == JsonValueKind.Object
                && lag.TryGetProperty("pending", out var value)
                && value.TryGetInt64(out pending)
                    ? null
                    : "GET /health had no index_lag.pending";
        }
        catch (JsonException)
        {
            return "GET /health did not answer JSON";
        }
    }
}
