using Npgsql;
using NpgsqlTypes;
using SomaMemory.Security;

namespace SomaMemory.Postgres.Security;

/// <summary>The <c>audit_log</c> table: rows are only ever inserted.</summary>
public sealed class PostgresAuditLog(NpgsqlDataSource dataSource) : IAuditLog
{
    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var command = dataSource.CreateCommand(
            "INSERT INTO audit_log (occurred_at, action, key_id, namespace, target, status) VALUES (@at, @action, @key_id, @namespace, @target, @status)");
        command.Parameters.AddWithValue("at", entry.OccurredAt);
        command.Parameters.AddWithValue("action", entry.Action);
        command.Parameters.AddWithValue("key_id", entry.KeyId);
        command.Parameters.Add(new NpgsqlParameter("namespace", NpgsqlDbType.Text) { Value = (object?)entry.Namespace ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("target", NpgsqlDbType.Text) { Value = (object?)entry.Target ?? DBNull.Value });
        command.Parameters.AddWithValue("status", entry.Status);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(int limit, string? action = null, string? keyId = null, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT occurred_at, action, key_id, namespace, target, status FROM audit_log
            WHERE (@action::text IS NULL OR action = @action) AND (@key_id::text IS NULL OR key_id = @key_id)
            ORDER BY id DESC LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter("action", NpgsqlDbType.Text) { Value = (object?)action ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("key_id", NpgsqlDbType.Text) { Value = (object?)keyId ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(
                reader.GetFieldValue<DateTimeOffset>(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetInt32(5)));
        }

        return entries;
    }
}
