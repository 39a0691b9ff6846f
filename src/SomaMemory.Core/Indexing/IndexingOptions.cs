using System.ComponentModel.DataAnnotations;

namespace SomaMemory.Indexing;

/// <summary>How change events become the vector index. Bound from <c>Soma:Indexing</c>.</summary>
public sealed class IndexingOptions
{
    public const string SectionName = "Soma:Indexing";

    /// <summary>
    /// Whether node grains publish their changes to the indexers. Off, changes pile up as index lag in Postgres and
    /// are replayed by the reconciler when an index activates or reconciles (the tests use this to prove it).
    /// </summary>
    public bool PublishChanges { get; set; } = true;

    /// <summary>Where index files are saved, one per namespace. Relative paths are under the working directory.</summary>
    [Required]
    public string DataPath { get; set; } = ".data/indexes";

    /// <summary>How long change events wait to be applied together.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How often a changed index is saved. Only saved changes are stamped as indexed in Postgres, so a crash before
    /// the save loses nothing: the rows still lag and are replayed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SaveInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the reconciler looks for lagging rows that no event brought.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Rows read from Postgres per page when rebuilding or reconciling.</summary>
    [Range(100, 100_000)]
    public int PageSize { get; set; } = 5_000;
}
