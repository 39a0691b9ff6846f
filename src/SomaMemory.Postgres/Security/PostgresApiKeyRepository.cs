using Npgsql;
using NpgsqlTypes;
using SomaMemory.Security;

namespace SomaMemory.Postgres.Security;

/// <summary>API keys in <c>api_keys</c>, their secret hashes in <c>api_key_secrets</c>.</summary>
public sealed class PostgresApiKeyRepository(NpgsqlDataSource dataSource) : IApiKeyRepository
{
    private const string Columns = "k.id, k.name, k.roles, k.namespaces, k.default_namespace, k.created_at, k.expires_at, k.revoked_at, k.created_by";

    public async Task CreateAsync(ApiKey key, byte[] secretHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insertKey = new NpgsqlCommand(
            """
            INSERT INTO api_keys (id, name, roles, namespaces, default_namespace, created_at, expires_at, created_by)
            VALUES (@id, @name, @roles, @namespaces, @default_namespace, @created_at, @expires_at, @created_by)
            """, connection, transaction))
        {
            insertKey.Parameters.AddWithValue("id", key.Id);
            insertKey.Parameters.AddWithValue("name", key.Name);
            insertKey.Parameters.Add(new NpgsqlParameter<string[]>("roles", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. key.Roles] });
            insertKey.Parameters.Add(new NpgsqlParameter<string[]>("namespaces", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. key.Namespaces] });
            insertKey.Parameters.AddWithValue("default_namespace", key.DefaultNamespace);
            insertKey.Parameters.AddWithValue("created_at", key.CreatedAt);
            insertKey.Parameters.Add(new NpgsqlParameter("expires_at", NpgsqlDbType.TimestampTz) { Value = (object?)key.ExpiresAt ?? DBNull.Value });
            insertKey.Parameters.AddWithValue("created_by", key.CreatedBy);
            await insertKey.ExecuteNonQueryAsync(cancellationToken);
        }

        await InsertSecretAsync(connection, transaction, key.Id, secretHash, key.CreatedAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<ApiKeyMatch?> FindBySecretHashAsync(byte[] secretHash, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns}, s.secret_hash, s.expires_at FROM api_key_secrets s JOIN api_keys k ON k.id = s.key_id WHERE s.secret_hash = @hash");
        command.Parameters.Add(new NpgsqlParameter<byte[]>("hash", NpgsqlDbType.Bytea) { TypedValue = secretHash });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ApiKeyMatch(Read(reader), reader.GetFieldValue<byte[]>(9), reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10));
    }

    public async Task<ApiKey?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM api_keys k WHERE k.id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM api_keys k ORDER BY k.created_at, k.id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(Read(reader));
        }

        return keys;
    }

    public async Task<bool> RevokeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE api_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RotateAsync(string id, byte[] newSecretHash, DateTimeOffset now, DateTimeOffset oldSecretsExpireAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Locking the key row serialises a rotation against a concurrent revocation or rotation.
        await using (var lockKey = new NpgsqlCommand("SELECT 1 FROM api_keys WHERE id = @id AND revoked_at IS NULL FOR UPDATE", connection, transaction))
        {
            lockKey.Parameters.AddWithValue("id", id);
            if (await lockKey.ExecuteScalarAsync(cancellationToken) is null)
            {
                return false;
            }
        }

        await using (var expireOld = new NpgsqlCommand(
            "UPDATE api_key_secrets SET expires_at = LEAST(COALESCE(expires_at, @expires_at), @expires_at) WHERE key_id = @id", connection, transaction))
        {
            expireOld.Parameters.AddWithValue("id", id);
            expireOld.Parameters.AddWithValue("expires_at", oldSecretsExpireAt);
            await expireOld.ExecuteNonQueryAsync(cancellationToken);
        }

        await InsertSecretAsync(connection, transaction, id, newSecretHash, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task InsertSecretAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string id, byte[] secretHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("INSERT INTO api_key_secrets (secret_hash, key_id, created_at) VALUES (@hash, @id, @now)", connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter<byte[]>("hash", NpgsqlDbType.Bytea) { TypedValue = secretHash });
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("now", now);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static ApiKey Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetFieldValue<string[]>(2),
        reader.GetFieldValue<string[]>(3),
        reader.GetString(4),
        reader.GetFieldValue<DateTimeOffset>(5),
        reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
        reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
        reader.GetString(8));
}
