using Npgsql;
using NpgsqlTypes;
using SomaMemory.Contracts;
using SomaMemory.Indexing;

namespace SomaMemory.Postgres;

/// <summary>The indexer's view of the <c>memories</c> table: embeddings by vector id, and indexed versions.</summary>
public sealed class PostgresIndexingRepository(NpgsqlDataSource dataSource) : IIndexingRepository
{
    public async Task<IReadOnlyList<MemoryChange>> ReadChangesAsync(string memoryNamespace, long afterVectorId, int limit, ReplayScope? scope, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // A row that is deleted, expired or was never embedded reads as a delete: the index must not hold it. An
        // erased row (hard delete) has left only its erasure, which reads as a delete until an index stamps it.
        await using var command = dataSource.CreateCommand(
            "SELECT vector_id, version, embedding FROM (" +
            "SELECT vector_id, version, CASE WHEN deleted_at IS NULL AND (expires_at IS NULL OR expires_at > @now) THEN embedding END AS embedding " +
            "FROM memories WHERE namespace = @namespace AND vector_id > @after" +
            (scope is null ? "" : scope.ChangedSince is null ? " AND indexed_version < version" : " AND (indexed_version < version OR updated_at >= @since)") +
            (scope?.UpdatedBefore is null ? "" : " AND updated_at < @before") +
            " UNION ALL SELECT vector_id, version, NULL::bytea FROM memory_erasures WHERE namespace = @namespace AND vector_id > @after" +
            ") AS changes ORDER BY vector_id LIMIT @limit");
        command.Parameters.Add(new NpgsqlParameter<string>("namespace", NpgsqlDbType.Text) { TypedValue = memoryNamespace });
        command.Parameters.Add(new NpgsqlParameter<long>("after", NpgsqlDbType.Bigint) { TypedValue = afterVectorId });
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        if (scope?.UpdatedBefore is { } before)
        {
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("before", NpgsqlDbType.TimestampTz) { TypedValue = before });
        }

        if (scope?.ChangedSince is { } since)
        {
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("since", NpgsqlDbType.TimestampTz) { TypedValue = since });
        }

        var changes = new List<MemoryChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new MemoryChange
            {
                VectorId = reader.GetInt64(0),
                Version = reader.GetInt64(1),
                Vector = reader.IsDBNull(2) ? null : EmbeddingBytes.FromBytes(reader.GetFieldValue<byte[]>(2)),
            });
        }

        return changes;
    }

    public async Task StampIndexedAsync(string memoryNamespace, IReadOnlyList<MemoryChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(
            "UPDATE memories m SET indexed_version = u.version " +
            "FROM unnest(@ids, @versions) AS u(id, version) " +
            "WHERE m.namespace = @namespace AND m.vector_id = u.id AND m.indexed_version < u.version; " +
            // A saved delete of an erased row was the erasure's last duty.
            "DELETE FROM memory_erasures e USING unnest(@ids, @versions) AS u(id, version) " +
            "WHERE e.namespace = @namespace AND e.vector_id = u.id AND e.version <= u.version");
        command.Parameters.Add(new NpgsqlParameter<string>("namespace", NpgsqlDbType.Text) { TypedValue = memoryNamespace });
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = changes.Select(c => c.VectorId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]>("versions", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = changes.Select(c => c.Version).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string> GetDatabaseIdentityAsync(CancellationToken cancellationToken = default)
    {
        // The cluster's system identifier changes on initdb and on a restore into a new cluster; the database oid
        // and name tell apart databases of one cluster.
        await using var command = dataSource.CreateCommand(
            "SELECT (SELECT system_identifier FROM pg_control_system())::text || '-' || oid::text FROM pg_database WHERE datname = current_database()");
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IndexLag> GetLagAsync(string? memoryNamespace, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*), min(updated_at) FROM memories WHERE indexed_version < version" +
            (memoryNamespace is null ? "" : " AND namespace = @namespace"));
        if (memoryNamespace is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string>("namespace", NpgsqlDbType.Text) { TypedValue = memoryNamespace });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var pending = reader.GetInt64(0);
        var oldest = reader.IsDBNull(1) ? now : reader.GetFieldValue<DateTimeOffset>(1);
        return new IndexLag(pending, pending == 0 ? TimeSpan.Zero : now - oldest);
    }
}
