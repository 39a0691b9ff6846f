using Orleans.Concurrency;
using SomaMemory.Contracts;

namespace SomaMemory.Grains;

/// <summary>
/// One memory, one graph node. Keyed by <see cref="GrainKeys.ForMemory"/>; being the only writer of its row is
/// what serialises concurrent upserts of one coordinate without database locks.
/// </summary>
[Alias("SomaMemory.IMemoryNodeGrain")]
public interface IMemoryNodeGrain : IGrainWithStringKey
{
    /// <summary>Upserts the memory; the row is committed in Postgres before this returns.</summary>
    [Alias("Store")]
    Task<MemoryRecord> StoreAsync(StoreMemoryCommand command);

    /// <summary>
    /// Re-reads the row when the held one is older than <paramref name="version"/>: a bulk store committed it
    /// without this grain.
    /// </summary>
    [Alias("Refresh")]
    Task RefreshAsync(long version);

    /// <summary>The live memory, or null when it never existed, was deleted or has expired.</summary>
    [Alias("Get")]
    Task<MemoryRecord?> GetAsync();

    /// <summary>Deletes the memory; false when there was nothing live to delete.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync();

    /// <summary>
    /// Writes an exported memory back with its own timestamps, version and embedding, unless this memory holds the
    /// same or a later update; committed in Postgres and published to the index before this returns.
    /// </summary>
    [Alias("Import")]
    Task<ImportOutcome> ImportAsync(ImportedMemory memory);

    /// <summary>
    /// Hard delete, the right to be forgotten: erases the row, its history, its links and its vector, and drops
    /// the pending read counters. False when there was no row at all.
    /// </summary>
    [Alias("Erase")]
    Task<bool> EraseAsync();

    /// <summary>The current version and the previous versions of the memory, newest first, at most <paramref name="limit"/>; not a read.</summary>
    [Alias("GetHistory")]
    Task<MemoryHistory> GetHistoryAsync(int limit);

    /// <summary>A sweep retires the memory (archive or erase); false when the memory changed since the sweep read it.</summary>
    [Alias("Retire")]
    Task<bool> RetireAsync(RetireCommand command);

    /// <summary>Upserts an outgoing link on (to, type); committed in Postgres before this returns.</summary>
    [Alias("Link")]
    Task<MemoryLink> LinkAsync(LinkCommand command);

    /// <summary>
    /// Upserts many outgoing links in one statement, committed before this returns. A later command for the same
    /// (to, type) wins. Any invalid command refuses the whole call with <see cref="ArgumentException"/>.
    /// </summary>
    [Alias("LinkMany")]
    Task<int> LinkManyAsync(IReadOnlyList<LinkCommand> commands);

    /// <summary>The outgoing links, in (type, to) order.</summary>
    [Alias("GetLinks")]
    Task<IReadOnlyList<MemoryLink>> GetLinksAsync();

    /// <summary>
    /// Drops held links to a memory that was deleted; the rows are already gone from Postgres. It interleaves because
    /// it only edits memory, and two memories deleted at once, each telling the other, must not wait on each other.
    /// </summary>
    [Alias("ForgetLinksTo"), AlwaysInterleave]
    Task ForgetLinksToAsync(string toKey);
}
