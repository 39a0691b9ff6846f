using System.ComponentModel.DataAnnotations;

namespace SomaMemory.Grains.Memories;

/// <summary>Tuning of the memory node grains. Bound from <c>Soma:Nodes</c>.</summary>
public sealed class MemoryNodeOptions
{
    public const string SectionName = "Soma:Nodes";

    /// <summary>
    /// How often an active node writes its coalesced read counters. Reads never write on their own, so a burst of
    /// reads costs one row update per interval rather than one per read.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan AccessFlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest payload, as UTF-8 JSON, that one memory may hold.</summary>
    [Range(2, 16 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;
}
