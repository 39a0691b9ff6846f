using SomaMemory.Contracts;

namespace SomaMemory.Memories;

/// <summary>
/// The system of record for memories. A memory's row is written by its node grain, or by the bulk path, which then
/// refreshes the node grain if it is active.
/// </summary>
public interface IMemoryRepository
{
    /// <summary>The row, deleted or not, or null when the coordinate was never stored.</summary>
    Task<MemoryRecord?> FindAsync(string memoryNamespace, string coordinateKey, CancellationToken cancellationToken = default);

    /// <summary>Inserts, updates or revives the row and returns it as committed.</summary>
    Task<MemoryRecord> UpsertAsync(MemoryUpsert upsert, CancellationToken cancellationToken = default);

    /// <summary>
    /// The bulk path: upserts rows of distinct coordinate keys of one namespace in one transaction, by the same rules
    /// as <see cref="UpsertAsync"/>. Node grains holding these rows must be refreshed by the caller.
    /// </summary>
    /// <exception cref="ArgumentException">Postgres refused some row's value; nothing was written.</exception>
    Task<IReadOnlyList<CommittedMemory>> UpsertManyAsync(string memoryNamespace, IReadOnlyList<MemoryUpsert> upserts, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Marks a live row deleted; false when no live row was there.</summary>
    Task<bool> SoftDeleteAsync(string memoryNamespace, string coordinateKey, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Adds coalesced reads to the access counters without touching the version.</summary>
    Task RecordAccessAsync(string memoryNamespace, string coordinateKey, long reads, DateTimeOffset lastAccessedAt, CancellationToken cancellationToken = default);

    Task<NamespaceStatistics> CountAsync(string memoryNamespace, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<GridStatistics> CountAllAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}
