using SomaMemory.Contracts;

namespace SomaMemory.Indexing;

/// <summary>What the indexer reads from and records in Postgres: embeddings, lagging rows, indexed versions.</summary>
public interface IIndexingRepository
{
    /// <summary>
    /// Rows of the namespace ordered by vector id, after <paramref name="afterVectorId"/>: with a
    /// <paramref name="scope"/>, the lagging ones (indexed_version &lt; version) and those changed since
    /// <see cref="ReplayScope.ChangedSince"/>; without one, all of them (a rebuild). Deleted or expired rows come
    /// back as deletes.
    /// </summary>
    Task<IReadOnlyList<MemoryChange>> ReadChangesAsync(string memoryNamespace, long afterVectorId, int limit, ReplayScope? scope, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Records that the persisted index holds these versions; never moves indexed_version backwards.</summary>
    Task StampIndexedAsync(string memoryNamespace, IReadOnlyList<MemoryChange> changes, CancellationToken cancellationToken = default);

    /// <summary>
    /// A name for this exact database (server cluster and database), under which index files are kept: an index
    /// saved against one database must never be loaded against another, such as a restored copy.
    /// </summary>
    Task<string> GetDatabaseIdentityAsync(CancellationToken cancellationToken = default);

    /// <summary>Rows not yet in the persisted index, and the age of the oldest, for one namespace or (null) all.</summary>
    Task<IndexLag> GetLagAsync(string? memoryNamespace, DateTimeOffset now, CancellationToken cancellationToken = default);
}

public sealed record IndexLag(long Pending, TimeSpan OldestAge);

/// <summary>
/// Which rows a replay reads: the lagging ones, plus those updated at or after <paramref name="ChangedSince"/>;
/// with <paramref name="UpdatedBefore"/>, only rows updated before it (younger ones are still on their way
/// through the change stream, and replaying them too would only repeat the stream's work).
/// </summary>
public sealed record ReplayScope(DateTimeOffset? ChangedSince, DateTimeOffset? UpdatedBefore = null);
