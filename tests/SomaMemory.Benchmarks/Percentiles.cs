namespace SomaMemory.Benchmarks;

/// <summary>Nearest-rank percentiles: always an observed latency, never an interpolated one.</summary>
internal static class Percentiles
{
    /// <summary>
    /// The value at rank ceil(p/100 · n), counted from 1, in <paramref name="sorted"/> (ascending).
    /// p = 100 gives the maximum; any p &gt; 0 gives at least the minimum.
    /// </summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double percentile)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sorted.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);

        // Multiply before dividing: for whole percentiles p·n is an exact integer, so 95% of 1000 is rank
        // 950, not 951 from 0.95 being stored as 0.9500000000000001.
        var rank = (int)Math.Ceiling(percentile * sorted.Count / 100);
        return sorted[rank - 1];
    }
}
