using Npgsql;
using NpgsqlTypes;
using SomaMemory.Contracts;
using SomaMemory.Lifecycle;

namespace SomaMemory.Postgres;

/// <summary>Reinforcement, archiving, erasure, history and the sweep's candidate queries on <c>memories</c>.</summary>
public sealed class PostgresLifecycleRepository(NpgsqlDataSource dataSource) : IMemoryLifecycleRepository
{
    private const string Live = "deleted_at IS NULL AND (expires_at IS NULL OR expires_at > @now)";

    // Half-lives elapsed since the importance was last set (updated, or reinforced later). Negative ages (clock
    // skew between silos) count as none.
    private const string HalfLives =
        "GREATEST(0, extract(epoch FROM (@now - GREATEST(updated_at, COALESCE(importance_at, updated_at))))::float8 / @half_life)";

    // Decay compared in a form that cannot underflow: importance·2^(−h) < t  ⇔  importance < t·2^h. Beyond 900
    // half-lives everything but an astronomically important memory has decayed, and 2^900 still fits a float8.
    private const string DecayedBelow = $"importance < @threshold * power(2::float8, LEAST({HalfLives}, 900))";

    // log2 of the decayed importance, for ordering; ln(0) is undefined, so an importance of 0 sorts first.
    private const string LogImportanceNow = $"CASE WHEN importance = 0 THEN '-Infinity'::float8 ELSE ln(importance) / ln(2) - {HalfLives} END";

    private const string ArchivedCondition = "archived_at IS NOT NULL AND archived_at = deleted_at";

    public async Task ReinforceAsync(string memoryNamespace, string coordinateKey, long reads, DateTimeOffset lastAccessedAt, double importance, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE memories SET access_count = access_count + @reads, last_accessed_at = GREATEST(last_accessed_at, @at), " +
            "importance = @importance, importance_at = @now " +
            "WHERE namespace = @namespace AND coord_key = @coord_key AND deleted_at IS NULL");
        AddKey(command, memoryNamespace, coordinateKey);
        command.Parameters.Add(new NpgsqlParameter<long>("reads", NpgsqlDbType.Bigint) { TypedValue = reads });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", NpgsqlDbType.TimestampTz) { TypedValue = lastAccessedAt });
        command.Parameters.Add(new NpgsqlParameter<double>("importance", NpgsqlDbType.Double) { TypedValue = importance });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> ArchiveAsync(string memoryNamespace, string coordinateKey, long expectedVersion, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE memories SET deleted_at = @now, archived_at = @now, updated_at = @now, version = version + 1 " +
            "WHERE namespace = @namespace AND coord_key = @coord_key AND deleted_at IS NULL AND version = @version");
        AddKey(command, memoryNamespace, coordinateKey);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<long>("version", NpgsqlDbType.Bigint) { TypedValue = expectedVersion });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<MemoryErasure?> EraseAsync(string memoryNamespace, string coordinateKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        long vectorId;
        long version;
        await using (var find = new NpgsqlCommand("SELECT vector_id, version FROM memories WHERE namespace = @namespace AND coord_key = @coord_key FOR UPDATE", connection, transaction))
        {
            AddKey(find, memoryNamespace, coordinateKey);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            vectorId = reader.GetInt64(0);
            version = reader.GetInt64(1);
        }

        // The index delete must outrank every version the index may hold, so it carries one more than the row's last.
        var erasure = new MemoryErasure(vectorId, version + 1);
        await using (var erase = new NpgsqlCommand(
            "DELETE FROM memory_history WHERE namespace = @namespace AND coord_key = @coord_key; " +
            "DELETE FROM memories WHERE namespace = @namespace AND coord_key = @coord_key; " +
            "INSERT INTO memory_erasures (namespace, vector_id, version) VALUES (@namespace, @vector_id, @version) " +
            "ON CONFLICT ON CONSTRAINT memory_erasures_pk DO UPDATE SET version = GREATEST(memory_erasures.version, EXCLUDED.version)",
            connection,
            transaction))
        {
            AddKey(erase, memoryNamespace, coordinateKey);
            erase.Parameters.Add(new NpgsqlParameter<long>("vector_id", NpgsqlDbType.Bigint) { TypedValue = erasure.VectorId });
            erase.Parameters.Add(new NpgsqlParameter<long>("version", NpgsqlDbType.Bigint) { TypedValue = erasure.Version });
            await erase.ExecuteNonQueryAsync(cancellationToken);
        }

        await EraseLinksAsync(connection, transaction, memoryNamespace, coordinateKey, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return erasure;
    }

    /// <summary>
    /// The graph's part of an erasure, inside the erasure's transaction: every link from or to the memory goes with
    /// it. The graph branch extends this hook (and the grains' in-memory adjacency) when it merges.
    /// </summary>
    private static async Task EraseLinksAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string memoryNamespace, string coordinateKey, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "DELETE FROM links WHERE namespace = @namespace AND (from_key = @coord_key OR to_key = @coord_key)", connection, transaction);
        AddKey(command, memoryNamespace, coordinateKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<MemoryHistoryEntry>> ReadHistoryAsync(string memoryNamespace, string coordinateKey, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT version, payload::text, memory_type, metadata::text, importance, created_at, updated_at, expires_at, deleted_at, replaced_at " +
            "FROM memory_history WHERE namespace = @namespace AND coord_key = @coord_key ORDER BY version DESC LIMIT @limit");
        AddKey(command, memoryNamespace, coordinateKey);
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        var entries = new List<MemoryHistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new MemoryHistoryEntry
            {
                Version = reader.GetInt64(0),
                PayloadJson = reader.GetString(1),
                MemoryType = (MemoryType)reader.GetInt16(2),
                MetadataJson = reader.GetString(3),
                Importance = reader.GetDouble(4),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(5),
                UpdatedAt = reader.GetFieldValue<DateTimeOffset>(6),
                ExpiresAt = reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                DeletedAt = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                ReplacedAt = reader.GetFieldValue<DateTimeOffset>(9),
            });
        }

        return entries;
    }

    public Task<IReadOnlyList<SweepCandidate>> FindExpiredAsync(string memoryNamespace, DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        FindAsync(
            "WHERE namespace = @namespace AND deleted_at IS NULL AND expires_at IS NOT NULL AND expires_at <= @now ORDER BY expires_at",
            memoryNamespace, now, limit, halfLife: null, threshold: null, cancellationToken);

    public Task<IReadOnlyList<SweepCandidate>> FindDecayedAsync(string memoryNamespace, DateTimeOffset now, TimeSpan halfLife, double threshold, int limit, CancellationToken cancellationToken = default) =>
        FindAsync($"WHERE namespace = @namespace AND {Live} AND {DecayedBelow}", memoryNamespace, now, limit, halfLife, threshold, cancellationToken);

    public Task<IReadOnlyList<SweepCandidate>> FindLeastImportantAsync(string memoryNamespace, DateTimeOffset now, TimeSpan halfLife, int limit, CancellationToken cancellationToken = default) =>
        FindAsync($"WHERE namespace = @namespace AND {Live} ORDER BY {LogImportanceNow}, updated_at, coord_key", memoryNamespace, now, limit, halfLife, threshold: null, cancellationToken);

    public Task<IReadOnlyList<SweepCandidate>> FindArchivedAsync(string memoryNamespace, DateTimeOffset archivedBefore, int limit, CancellationToken cancellationToken = default) =>
        FindAsync($"WHERE namespace = @namespace AND {ArchivedCondition} AND deleted_at < @now ORDER BY deleted_at", memoryNamespace, archivedBefore, limit, halfLife: null, threshold: null, cancellationToken);

    public async Task<long> CountArchivedAsync(string memoryNamespace, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM memories WHERE namespace = @namespace AND {ArchivedCondition}");
        command.Parameters.Add(new NpgsqlParameter<string>("namespace", NpgsqlDbType.Text) { TypedValue = memoryNamespace });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<IReadOnlyList<SweepCandidate>> FindAsync(string condition, string memoryNamespace, DateTimeOffset now, int limit, TimeSpan? halfLife, double? threshold, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT coord_key, version FROM memories {condition} LIMIT @limit");
        command.Parameters.Add(new NpgsqlParameter<string>("namespace", NpgsqlDbType.Text) { TypedValue = memoryNamespace });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        if (halfLife is { } life)
        {
            command.Parameters.Add(new NpgsqlParameter<double>("half_life", NpgsqlDbType.Double) { TypedValue = life.TotalSeconds });
        }

        if (threshold is { } value)
        {
            command.Parameters.Add(new NpgsqlParameter<double>("threshold", NpgsqlDbType.Double) { TypedValue = value });
        }

        var candidates = new List<SweepCandidate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            candidates.Add(new SweepCandidate(reader.GetString(0), reader.GetInt64(1)));
        }

        return candidates;
    }

    private static void AddKey(NpgsqlCommand command, string memoryNamespace, string coordinateKey)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("namespace", NpgsqlDbType.Text) { TypedValue = memoryNamespace });
        command.Parameters.Add(new NpgsqlParameter<string>("coord_key", NpgsqlDbType.Text) { TypedValue = coordinateKey });
    }
}
