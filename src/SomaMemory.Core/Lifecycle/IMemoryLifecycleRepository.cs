using SomaMemory.Contracts;

namespace SomaMemory.Lifecycle;

/// <summary>
/// The lifecycle's view of the <c>memories</c> table: reinforcement, archiving, erasure, history, and the sweep's
/// candidate queries. Writes of one memory are made by its node grain only; the sweep only reads candidates.
/// </summary>
public interface IMemoryLifecycleRepository
{
    /// <summary>Adds coalesced reads and writes the reinforced importance, referred to <paramref name="now"/>; the version stays.</summary>
    Task ReinforceAsync(string memoryNamespace, string coordinateKey, long reads, DateTimeOffset lastAccessedAt, double importance, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Soft-deletes the row at exactly <paramref name="expectedVersion"/>, marking it archived; live or expired alike.</summary>
    Task<bool> ArchiveAsync(string memoryNamespace, string coordinateKey, long expectedVersion, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the row, its history and its links in one transaction, and leaves an erasure (vector id only) for the
    /// indexer. Returns the erased row's vector id and the version its index delete carries; null when there was no row.
    /// </summary>
    Task<MemoryErasure?> EraseAsync(string memoryNamespace, string coordinateKey, CancellationToken cancellationToken = default);

    /// <summary>The previous versions, newest first.</summary>
    Task<IReadOnlyList<MemoryHistoryEntry>> ReadHistoryAsync(string memoryNamespace, string coordinateKey, int limit, CancellationToken cancellationToken = default);

    /// <summary>Live-looking rows (not deleted) whose TTL has passed.</summary>
    Task<IReadOnlyList<SweepCandidate>> FindExpiredAsync(string memoryNamespace, DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>Live rows whose decayed importance is below <paramref name="threshold"/>.</summary>
    Task<IReadOnlyList<SweepCandidate>> FindDecayedAsync(string memoryNamespace, DateTimeOffset now, TimeSpan halfLife, double threshold, int limit, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="limit"/> live rows of least decayed importance (oldest update first among equals).</summary>
    Task<IReadOnlyList<SweepCandidate>> FindLeastImportantAsync(string memoryNamespace, DateTimeOffset now, TimeSpan halfLife, int limit, CancellationToken cancellationToken = default);

    /// <summary>Archived rows archived before <paramref name="archivedBefore"/>.</summary>
    Task<IReadOnlyList<SweepCandidate>> FindArchivedAsync(string memoryNamespace, DateTimeOffset archivedBefore, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many archived rows the namespace keeps.</summary>
    Task<long> CountArchivedAsync(string memoryNamespace, CancellationToken cancellationToken = default);
}

/// <summary>A memory a sweep may retire, and the version it saw.</summary>
public sealed record SweepCandidate(string CoordinateKey, long Version);

/// <summary>The index delete an erasure owes: the erased row's vector id, at a version above any it ever had.</summary>
public sealed record MemoryErasure(long VectorId, long Version);
