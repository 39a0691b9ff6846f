using Npgsql;
using NpgsqlTypes;
using SomaMemory.Contracts;
using SomaMemory.Indexing;
using SomaMemory.Memories;

namespace SomaMemory.Postgres;

/// <summary>
/// Many memory upserts as one transaction: the rows are copied (binary COPY) into a temporary table, then upserted
/// with one statement. One round trip of data and one WAL flush for the lot, where a statement per row would pay a
/// planning, an execution and, without group commit, a flush each.
/// </summary>
internal static class PostgresBulkUpsert
{
    private const string Staging = "soma_bulk_memories";

    // ON COMMIT DROP: pooled connections are shared, so the table must not outlive the transaction that fills it.
    private const string CreateStaging = $"""
        CREATE TEMP TABLE {Staging} (
            coord_key       text     PRIMARY KEY,
            coordinate      float8[] NOT NULL,
            payload         jsonb    NOT NULL,
            memory_type     smallint NOT NULL,
            metadata        jsonb    NULL,
            importance      float8   NULL,
            expires_at      timestamptz NULL,
            embedding       bytea    NOT NULL,
            embedding_model text     NOT NULL
        ) ON COMMIT DROP
        """;

    // Rows go in key order, so two bulk stores that share keys lock them in the same order and cannot deadlock.
    private static readonly string UpsertSql = MemoryUpsertSql.Build(
        source: "SELECT @namespace, b.coord_key, b.coordinate, b.payload, b.memory_type, COALESCE(b.metadata, jsonb_build_object()), " +
                $"COALESCE(b.importance, 1.0), @now, @now, 1, b.expires_at, b.embedding, b.embedding_model FROM {Staging} b ORDER BY b.coord_key",
        metadataMissing: $"(SELECT b.metadata IS NULL FROM {Staging} b WHERE b.coord_key = EXCLUDED.coord_key)",
        importanceMissing: $"(SELECT b.importance IS NULL FROM {Staging} b WHERE b.coord_key = EXCLUDED.coord_key)",
        returning: "coord_key, vector_id, version");

    /// <summary>Upserts rows of distinct coordinate keys of one namespace; all commit or none.</summary>
    /// <exception cref="ArgumentException">Postgres refused a value (a data exception); nothing was written.</exception>
    public static async Task<IReadOnlyList<CommittedMemory>> RunAsync(
        NpgsqlDataSource dataSource, string memoryNamespace, IReadOnlyList<MemoryUpsert> upserts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        if (upserts.Count == 0)
        {
            return [];
        }

        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var create = new NpgsqlCommand(CreateStaging, connection, transaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await CopyAsync(connection, upserts, cancellationToken);
            var committed = new List<CommittedMemory>(upserts.Count);
            await using (var upsert = new NpgsqlCommand(UpsertSql, connection, transaction))
            {
                upsert.Parameters.Add(new NpgsqlParameter<string>("namespace", NpgsqlDbType.Text) { TypedValue = memoryNamespace });
                upsert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
                await using var reader = await upsert.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    committed.Add(new CommittedMemory(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return committed;
        }
        catch (PostgresException exception) when (exception.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // Class 22 is "data exception": some row's value is unacceptable (a NUL in a JSON string, say).
            throw new ArgumentException($"Postgres cannot store one of these memories: {exception.MessageText}", nameof(upserts));
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<MemoryUpsert> upserts, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY {Staging} (coord_key, coordinate, payload, memory_type, metadata, importance, expires_at, embedding, embedding_model) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var upsert in upserts)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(upsert.CoordinateKey, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(upsert.Coordinate as double[] ?? [.. upsert.Coordinate], NpgsqlDbType.Array | NpgsqlDbType.Double, cancellationToken);
            await writer.WriteAsync(upsert.PayloadJson, NpgsqlDbType.Jsonb, cancellationToken);
            await writer.WriteAsync((short)upsert.MemoryType, NpgsqlDbType.Smallint, cancellationToken);
            await WriteNullableAsync(writer, upsert.MetadataJson, NpgsqlDbType.Jsonb, cancellationToken);
            await WriteNullableAsync(writer, upsert.Importance, NpgsqlDbType.Double, cancellationToken);
            await WriteNullableAsync(writer, upsert.ExpiresAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(EmbeddingBytes.ToBytes(upsert.Embedding), NpgsqlDbType.Bytea, cancellationToken);
            await writer.WriteAsync(upsert.EmbeddingModel, NpgsqlDbType.Text, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await writer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await writer.WriteAsync(value, type, cancellationToken);
        }
    }
}
