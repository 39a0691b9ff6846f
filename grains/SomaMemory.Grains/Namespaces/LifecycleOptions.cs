using System.ComponentModel.DataAnnotations;

namespace SomaMemory.Grains.Namespaces;

/// <summary>How namespace sweeps run. Bound from <c>Soma:Lifecycle</c>; what they remove is the namespace policy's.</summary>
public sealed class LifecycleOptions
{
    public const string SectionName = "Soma:Lifecycle";

    /// <summary>Whether each namespace grain registers its sweep reminder. Off: sweeps run only when called.</summary>
    public bool SweepReminder { get; set; } = true;

    /// <summary>How often the reminder sweeps a namespace. Orleans reminders tick at most once a minute.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Memories one candidate query returns, and so the most one batch retires.</summary>
    [Range(1, 10_000)]
    public int SweepBatchSize { get; set; } = 500;

    /// <summary>Batches one sweep runs over all its phases; what is left waits for the next sweep.</summary>
    [Range(1, 1_000)]
    public int MaxBatchesPerSweep { get; set; } = 20;

    /// <summary>Node grains a sweep asks at once; bounds the activations a sweep causes in flight.</summary>
    [Range(1, 256)]
    public int SweepParallelism { get; set; } = 16;
}
