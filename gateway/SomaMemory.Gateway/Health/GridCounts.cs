using SomaMemory.Memories;

namespace SomaMemory.Gateway.Health;

/// <summary>
/// The grid-wide counts that <c>GET /health</c> reports, shared for a few seconds. Counting every live memory is a
/// scan of the whole table: at a million memories it took over a second of Postgres, and a monitor polling twice a
/// second kept Postgres busy counting.
/// </summary>
public sealed class GridCounts(IMemoryRepository repository, TimeProvider clock) : IDisposable
{
    /// <summary>How old a count may be when it is reported.</summary>
    public static readonly TimeSpan MaximumAge = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _counting = new(1, 1);
    private (GridStatistics Counts, DateTimeOffset At)? _last;

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

            var counts = await repository.CountAllAsync(clock.GetUtcNow(), cancellationToken);
            _last = (counts, clock.GetUtcNow());
            return counts;
        }
        finally
        {
            _counting.Release();
        }
    }

    public void Dispose() => _counting.Dispose();

    private GridStatistics? Fresh() => _last is { } last && clock.GetUtcNow() - last.At < MaximumAge ? last.Counts : null;
}
