using SomaMemory.Memories;

namespace SomaMemory.Gateway.Health;

/// <summary>
/// The grid-wide counts that <c>GET /health</c> reports, shared for a while. Counting every live memory is a scan of
/// the whole table: at a million memories it took about three seconds of Postgres, and a monitor polling twice a
/// second kept Postgres busy counting. A count is shared for <see cref="MinimumAge"/>, or for ten times as long as it
/// took if that is longer, so that counting never takes more than a tenth of Postgres' time.
/// </summary>
public sealed class GridCounts(IMemoryRepository repository, TimeProvider clock) : IDisposable
{
    /// <summary>How long a count is shared at least.</summary>
    public static readonly TimeSpan MinimumAge = TimeSpan.FromSeconds(5);

    private const int SharedForCountDurations = 10;

    private readonly SemaphoreSlim _counting = new(1, 1);
    private (GridStatistics Counts, DateTimeOffset At, TimeSpan SharedFor)? _last;

    public async Task<GridStatistics> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        // One count at a time: callers that arrive while it runs take its result rather than start their own.
        await _counting.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } counted)
            {
                return counted;
            }

            var started = clock.GetUtcNow();
            var counts = await repository.CountAllAsync(started, cancellationToken);
            var finished = clock.GetUtcNow();
            _last = (counts, finished, TimeSpan.FromTicks(Math.Max(MinimumAge.Ticks, (finished - started).Ticks * SharedForCountDurations)));
            return counts;
        }
        finally
        {
            _counting.Release();
        }
    }

    public void Dispose() => _counting.Dispose();

    private GridStatistics? Fresh() => _last is { } last && clock.GetUtcNow() - last.At < last.SharedFor ? last.Counts : null;
}
