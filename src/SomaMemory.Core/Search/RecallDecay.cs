using SomaMemory.Contracts;

namespace SomaMemory.Search;

/// <summary>
/// The time terms of recall, computed lazily from timestamps so that a cold memory costs nothing:
/// <c>importance_now = importance · 2^(−age / half_life)</c> with age since the last update or, when a read has
/// reinforced the importance since, since that reinforcement, and
/// <c>recency = 2^(−idle / recency_half_life)</c> with idle time since the last access (or update).
/// </summary>
public sealed record RecallDecay(TimeSpan ImportanceHalfLife, TimeSpan RecencyHalfLife)
{
    /// <summary>A week: last week's memories count half as recent as today's.</summary>
    public static readonly TimeSpan DefaultRecencyHalfLife = TimeSpan.FromDays(7);

    public double ImportanceNow(MemoryRecord memory, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var since = memory.ImportanceAt is { } reinforced && reinforced > memory.UpdatedAt ? reinforced : memory.UpdatedAt;
        return memory.Importance * HalfLifeFactor(now - since, ImportanceHalfLife);
    }

    public double Recency(MemoryRecord memory, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var lastTouched = memory.LastAccessedAt is { } accessed && accessed > memory.UpdatedAt ? accessed : memory.UpdatedAt;
        return HalfLifeFactor(now - lastTouched, RecencyHalfLife);
    }

    private static double HalfLifeFactor(TimeSpan age, TimeSpan halfLife) =>
        age <= TimeSpan.Zero ? 1 : Math.Pow(2, -age.TotalSeconds / halfLife.TotalSeconds);
}
