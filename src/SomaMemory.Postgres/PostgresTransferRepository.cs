using Npgsql;
using NpgsqlTypes;
using SomaMemory.Contracts;
using SomaMemory.Indexing;
using SomaMemory.Portability;

namespace SomaMemory.Postgres;

/// <summary>Export pages and import writes over the <c>memories</c> and <c>links</c> tables.</summary>
public sealed class PostgresTransferRepository(NpgsqlDataSource dataSource) : IMemoryTransferRepository
{
    private const string LiveCondition = "deleted_at IS NULL AND (expires_at IS NULL OR expires_at > @now)";

    // The WHERE of the conflict branch is what makes an import idempotent: a row updated at the same time or later
    // (a second import of the same line, a newer store, a later delete) is left alone and nothing is returned.
    private const string ImportSql = $"""
        INSERT INTO memories AS m (namespace, coord_key, coordinate, payload, memory_type, metadata, importance,
                                   created_at, updated_at, last_accessed_at, access_count, version, expires_at,
                                   embedding, embedding_model)
        VALUES (@namespace, @coord_key, @coordinate, @payload, @memory_type, @metadata, @importance,
                @created_at, @updated_at, @last_accessed_at, @access_count, @version, @expires_at,
                @embedding, @embedding_model)
        ON CONFLICT (namespace, coord_key) DO UPDATE SET
            coordinate       = EXCLUDED.coordinate,
            payload          = EXCLUDED.payload,
            memory_type      = EXCLUDED.memory_type,
            metadata         = EXCLUDED.metadata,
            importance       = EXCLUDED.importance,
            created_at       = EXCLUDED.created_at,
            updated_at       = EXCLUDED.updated_at,
            last_accessed_at = EXCLUDED.last_accessed_at,
            access_count     = EXCLUDED.access_count,
            expires_at       = EXCLUDED.expires_at,
            embedding        = EXCLUDED.embedding,
            embedding_model  = EXCLUDED.embedding_model,
            version          = GREATEST(m.version + 1, EXCLUDED.version),
            deleted_at       = NULL
        WHERE m.updated_at < EXCLUDED.updated_at
        RETURNING {PostgresMemoryRepository.Columns}
        """;

    public async Task<IReadOnlyList<ExportedMemory>> ReadMemoriesAsync(string memoryNamespace, string? afterKey, int limit, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {PostgresMemoryRepository.Columns}, embedding FROM memories " +
            $"WHERE namespace = @namespace AND {LiveCondition}" + (afterKey is null ? "" : " AND coord_key > @after") +
            " ORDER BY coord_key LIMIT @limit");
        command.Parameters.Add(new NpgsqlParameter<string>("namespace", NpgsqlDbType.Text) { TypedValue = memoryNamespace });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        if (afterKey is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string>("after", NpgsqlDbType.Text) { TypedValue = afterKey });
        }

        var page = new List<ExportedMemory>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var embeddingColumn = reader.FieldCount - 1;
        while (await reader.ReadAsync(cancellationToken))
        {
            var embedding = reader.IsDBNull(embeddingColumn) ? null : EmbeddingBytes.FromBytes(reader.GetFieldValue<byte[]>(embeddingColumn));
            page.Add(new ExportedMemory(PostgresMemoryRepository.ReadRecord(reader), embedding));
        }

        return page;
    }

    /// <summary>The link phase of an export: the links table in its primary key order.</summary>
    public async Task<IReadOnlyList<MemoryLink>> ReadLinksAsync(string memoryNamespace, LinkKey? after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {PostgresLinkRepository.Columns} FROM links l WHERE namespace = @namespace" +
            (after is null ? "" : " AND (from_key, to_key, link_type) > (@from_key, @to_key, @link_type)") +
            " ORDER BY from_key, to_key, link_type LIMIT @limit");
        command.Parameters.Add(new NpgsqlParameter<string>("namespace", NpgsqlDbType.Text) { TypedValue = memoryNamespace });
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        if (after is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string>("from_key", NpgsqlDbType.Text) { TypedValue = after.FromKey });
            command.Parameters.Add(new NpgsqlParameter<string>("to_key", NpgsqlDbType.Text) { TypedValue = after.ToKey });
            command.Parameters.Add(new NpgsqlParameter<string>("link_type", NpgsqlDbType.Text) { TypedValue = after.LinkType });
        }

        return await PostgresLinkRepository.ReadLinksAsync(command, cancellationToken);
    }

    public async Task<MemoryRecord?> ImportAsync(MemoryImport import, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(import);
        var memory = import.Memory;
        await using var command = dataSource.CreateCommand(ImportSql);
        command.Parameters.Add(new NpgsqlParameter<string>("namespace", NpgsqlDbType.Text) { TypedValue = import.Namespace });
        command.Parameters.Add(new NpgsqlParameter<string>("coord_key", NpgsqlDbType.Text) { TypedValue = import.CoordinateKey });
        command.Parameters.Add(new NpgsqlParameter<double[]>("coordinate", NpgsqlDbType.Array | NpgsqlDbType.Double) { TypedValue = [.. import.Coordinate] });
        command.Parameters.Add(new NpgsqlParameter<string>("payload", NpgsqlDbType.Jsonb) { TypedValue = memory.PayloadJson });
        command.Parameters.Add(new NpgsqlParameter<short>("memory_type", NpgsqlDbType.Smallint) { TypedValue = (short)memory.MemoryType });
        command.Parameters.Add(new NpgsqlParameter<string>("metadata", NpgsqlDbType.Jsonb) { TypedValue = memory.MetadataJson });
        command.Parameters.Add(new NpgsqlParameter<double>("importance", NpgsqlDbType.Double) { TypedValue = memory.Importance });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("created_at", NpgsqlDbType.TimestampTz) { TypedValue = memory.CreatedAt });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("updated_at", NpgsqlDbType.TimestampTz) { TypedValue = memory.UpdatedAt });
        command.Parameters.Add(new NpgsqlParameter("last_accessed_at", NpgsqlDbType.TimestampTz) { Value = (object?)memory.LastAccessedAt ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<long>("access_count", NpgsqlDbType.Bigint) { TypedValue = memory.AccessCount });
        command.Parameters.Add(new NpgsqlParameter<long>("version", NpgsqlDbType.Bigint) { TypedValue = memory.Version });
        command.Parameters.Add(new NpgsqlParameter("expires_at", NpgsqlDbType.TimestampTz) { Value = (object?)memory.ExpiresAt ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<byte[]>("embedding", NpgsqlDbType.Bytea) { TypedValue = EmbeddingBytes.ToBytes(import.Embedding) });
        command.Parameters.Add(new NpgsqlParameter<string>("embedding_model", NpgsqlDbType.Text) { TypedValue = import.EmbeddingModel });
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? PostgresMemoryRepository.ReadRecord(reader) : null;
        }
        catch (PostgresException exception) when (exception.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // Class 22 is "data exception": the imported value itself is unacceptable, so it is the line's fault.
            throw new ArgumentException($"Postgres cannot store this memory: {exception.MessageText}", nameof(import));
        }
    }
}
