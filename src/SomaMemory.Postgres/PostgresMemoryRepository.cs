using Npgsql;
using NpgsqlTypes;
using SomaMemory.Contracts;
using SomaMemory.Indexing;
using SomaMemory.Memories;

namespace SomaMemory.Postgres;

/// <summary>Memories as rows of the <c>memories</c> table. Every statement is scoped by namespace.</summary>
public sealed class PostgresMemoryRepository(NpgsqlDataSource dataSource) : IMemoryRepository, IAsyncDisposable
{
    // Four writers of up to 256 statements: enough to turn a bulk ingest's thousands of concurrent node-grain
    // upserts into a few commits per flush, while a lone store still commits alone and at once.
    private readonly CommitBatcher _commits = new(dataSource, writers: 4, maxBatch: 256);

    /// <summary>The columns <see cref="ReadRecord"/> reads, in its order; shared with the search queries.</summary>
    internal const string Columns =
        "namespace, coord_key, coordinate, payload::text, memory_type, metadata::text, importance, created_at, " +
        "updated_at, last_accessed_at, access_count, version, expires_at, deleted_at, vector_id, embedding_model, importance_at";

    private static readonly string UpsertSql = MemoryUpsertSql.Build(
        source: "VALUES (@namespace, @coord_key, @coordinate, @payload, @memory_type, COALESCE(@metadata, jsonb_build_object()), " +
                "COALESCE(@importance, 1.0), @now, @now, 1, @expires_at, @embedding, @embedding_model)",
        metadataMissing: "@metadata IS NULL",
        importanceMissing: "@importance IS NULL",
        returning: Columns);

    public async Task<MemoryRecord?> FindAsync(string memoryNamespace, string coordinateKey, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM memories WHERE namespace = @namespace AND coord_key = @coord_key");
        AddKey(command, memoryNamespace, coordinateKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRecord(reader) : null;
    }

    public async Task<MemoryRecord> UpsertAsync(MemoryUpsert upsert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upsert);
        try
        {
            return await _commits.RunAsync(() => UpsertStatement(upsert), ReadUpsertedAsync, cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // Class 22 is "data exception": the value itself is unacceptable (a NUL in a JSON string, a number
            // beyond jsonb's range). That is the caller's input, not a fault of the grid.
            throw new ArgumentException($"Postgres cannot store this memory: {exception.MessageText}", nameof(upsert));
        }
    }

    public Task<IReadOnlyList<CommittedMemory>> UpsertManyAsync(string memoryNamespace, IReadOnlyList<MemoryUpsert> upserts, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        PostgresBulkUpsert.RunAsync(dataSource, memoryNamespace, upserts, now, cancellationToken);

    public ValueTask DisposeAsync() => _commits.DisposeAsync();

    private static NpgsqlBatchCommand UpsertStatement(MemoryUpsert upsert)
    {
        var statement = new NpgsqlBatchCommand(UpsertSql);
        var parameters = statement.Parameters;
        AddKey(parameters, upsert.Namespace, upsert.CoordinateKey);
        parameters.Add(new NpgsqlParameter<double[]>("coordinate", NpgsqlDbType.Array | NpgsqlDbType.Double) { TypedValue = [.. upsert.Coordinate] });
        parameters.Add(new NpgsqlParameter<string>("payload", NpgsqlDbType.Jsonb) { TypedValue = upsert.PayloadJson });
        parameters.Add(new NpgsqlParameter<short>("memory_type", NpgsqlDbType.Smallint) { TypedValue = (short)upsert.MemoryType });
        parameters.Add(new NpgsqlParameter("metadata", NpgsqlDbType.Jsonb) { Value = (object?)upsert.MetadataJson ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("importance", NpgsqlDbType.Double) { Value = (object?)upsert.Importance ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("expires_at", NpgsqlDbType.TimestampTz) { Value = (object?)upsert.ExpiresAt ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = upsert.Now });
        parameters.Add(new NpgsqlParameter<byte[]>("embedding", NpgsqlDbType.Bytea) { TypedValue = EmbeddingBytes.ToBytes(upsert.Embedding) });
        parameters.Add(new NpgsqlParameter<string>("embedding_model", NpgsqlDbType.Text) { TypedValue = upsert.EmbeddingModel });
        return statement;
    }

    private static async Task<MemoryRecord> ReadUpsertedAsync(NpgsqlDataReader reader) =>
        await reader.ReadAsync() ? ReadRecord(reader) : throw new InvalidOperationException("The upsert returned no row.");

    public async Task<bool> SoftDeleteAsync(string memoryNamespace, string coordinateKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE memories SET deleted_at = @now, updated_at = @now, version = version + 1 " +
            "WHERE namespace = @namespace AND coord_key = @coord_key AND deleted_at IS NULL AND (expires_at IS NULL OR expires_at > @now)");
        AddKey(command, memoryNamespace, coordinateKey);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task RecordAccessAsync(string memoryNamespace, string coordinateKey, long reads, DateTimeOffset lastAccessedAt, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE memories SET access_count = access_count + @reads, last_accessed_at = GREATEST(last_accessed_at, @at) " +
            "WHERE namespace = @namespace AND coord_key = @coord_key AND deleted_at IS NULL");
        AddKey(command, memoryNamespace, coordinateKey);
        command.Parameters.Add(new NpgsqlParameter<long>("reads", NpgsqlDbType.Bigint) { TypedValue = reads });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", NpgsqlDbType.TimestampTz) { TypedValue = lastAccessedAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<NamespaceStatistics> CountAsync(string memoryNamespace, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FILTER (WHERE memory_type = 0), count(*) FILTER (WHERE memory_type = 1) FROM memories " +
            "WHERE namespace = @namespace AND deleted_at IS NULL AND (expires_at IS NULL OR expires_at > @now)");
        command.Parameters.Add(new NpgsqlParameter<string>("namespace", NpgsqlDbType.Text) { TypedValue = memoryNamespace });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var episodic = reader.GetInt64(0);
        var semantic = reader.GetInt64(1);
        return new NamespaceStatistics { Namespace = memoryNamespace, TotalMemories = episodic + semantic, Episodic = episodic, Semantic = semantic };
    }

    public async Task<GridStatistics> CountAllAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FILTER (WHERE memory_type = 0), count(*) FILTER (WHERE memory_type = 1), count(DISTINCT namespace), " +
            "(SELECT count(*) FROM links) " +
            "FROM memories WHERE deleted_at IS NULL AND (expires_at IS NULL OR expires_at > @now)");
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var episodic = reader.GetInt64(0);
        var semantic = reader.GetInt64(1);
        return new GridStatistics(episodic + semantic, episodic, semantic, TotalLinks: reader.GetInt64(3), reader.GetInt64(2));
    }

    private static void AddKey(NpgsqlCommand command, string memoryNamespace, string coordinateKey) =>
        AddKey(command.Parameters, memoryNamespace, coordinateKey);

    internal static void AddKey(NpgsqlParameterCollection parameters, string memoryNamespace, string coordinateKey)
    {
        parameters.Add(new NpgsqlParameter<string>("namespace", NpgsqlDbType.Text) { TypedValue = memoryNamespace });
        parameters.Add(new NpgsqlParameter<string>("coord_key", NpgsqlDbType.Text) { TypedValue = coordinateKey });
    }

    internal static MemoryRecord ReadRecord(NpgsqlDataReader reader) => new()
    {
        Namespace = reader.GetString(0),
        CoordinateKey = reader.GetString(1),
        Coordinate = reader.GetFieldValue<double[]>(2),
        PayloadJson = reader.GetString(3),
        MemoryType = (MemoryType)reader.GetInt16(4),
        MetadataJson = reader.GetString(5),
        Importance = reader.GetDouble(6),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(7),
        UpdatedAt = reader.GetFieldValue<DateTimeOffset>(8),
        LastAccessedAt = reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
        AccessCount = reader.GetInt64(10),
        Version = reader.GetInt64(11),
        ExpiresAt = reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
        DeletedAt = reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
        VectorId = reader.GetInt64(14),
        EmbeddingModel = reader.IsDBNull(15) ? null : reader.GetString(15),
        ImportanceAt = reader.IsDBNull(16) ? null : reader.GetFieldValue<DateTimeOffset>(16),
    };
}
