using Npgsql;
using NpgsqlTypes;
using SomaMemory.Contracts;
using SomaMemory.Graph;

namespace SomaMemory.Postgres;

/// <summary>Links as rows of the <c>links</c> table. Every statement is scoped by namespace.</summary>
public sealed class PostgresLinkRepository(NpgsqlDataSource dataSource) : ILinkRepository
{
    /// <summary>The columns <see cref="ReadLinksAsync"/> reads, in its order, from the links table aliased <c>l</c>.</summary>
    internal const string Columns = "l.from_key, l.to_key, l.link_type, l.strength, l.metadata::text, l.created_at, l.updated_at";

    // Metadata is replaced as a whole and kept in its own column, so it can never overwrite type or strength.
    private const string UpsertSql = $"""
        INSERT INTO links AS l (namespace, from_key, to_key, link_type, strength, metadata, created_at, updated_at)
        SELECT @namespace, @from_key, given.to_key, given.link_type, given.strength, given.metadata::jsonb, @now, @now
        FROM unnest(@to_keys, @link_types, @strengths, @metadata) AS given(to_key, link_type, strength, metadata)
        ON CONFLICT (namespace, from_key, to_key, link_type) DO UPDATE SET
            strength   = EXCLUDED.strength,
            metadata   = EXCLUDED.metadata,
            updated_at = EXCLUDED.updated_at
        RETURNING {Columns}
        """;

    // A far end that is a memory deleted or expired after the link was last written is not walked to. Links to a
    // deleted memory are removed with it; this also covers the moments before that clean-up and TTL expiry, while a
    // link made later to the same (now empty) coordinate counts as a link to an empty coordinate, which SFM allows.
    private const string VisibleFarEnd = """
        NOT COALESCE(m.deleted_at >= l.updated_at, false)
        AND NOT COALESCE(m.expires_at <= @now AND m.expires_at >= l.updated_at, false)
        """;

    private const string OutgoingSql = $"""
        SELECT {Columns} FROM links l
        LEFT JOIN memories m ON m.namespace = l.namespace AND m.coord_key = l.to_key
        WHERE l.namespace = @namespace AND l.from_key = ANY(@keys) AND (@link_type::text IS NULL OR l.link_type = @link_type)
          AND {VisibleFarEnd}
        """;

    private const string IncomingSql = $"""
        SELECT {Columns} FROM links l
        LEFT JOIN memories m ON m.namespace = l.namespace AND m.coord_key = l.from_key
        WHERE l.namespace = @namespace AND l.to_key = ANY(@keys) AND (@link_type::text IS NULL OR l.link_type = @link_type)
          AND {VisibleFarEnd}
        """;

    public async Task<IReadOnlyList<MemoryLink>> LoadOutgoingAsync(string memoryNamespace, string fromKey, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM links l WHERE l.namespace = @namespace AND l.from_key = @from_key ORDER BY l.link_type, l.to_key");
        AddText(command, "namespace", memoryNamespace);
        AddText(command, "from_key", fromKey);
        return await ReadLinksAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<MemoryLink>> UpsertAsync(
        string memoryNamespace, string fromKey, IReadOnlyList<LinkCommand> commands, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        await using var upsert = dataSource.CreateCommand(UpsertSql);
        AddText(upsert, "namespace", memoryNamespace);
        AddText(upsert, "from_key", fromKey);
        AddTexts(upsert, "to_keys", commands.Select(command => command.ToKey));
        AddTexts(upsert, "link_types", commands.Select(command => command.LinkType));
        AddTexts(upsert, "metadata", commands.Select(command => command.MetadataJson));
        upsert.Parameters.Add(new NpgsqlParameter<double[]>("strengths", NpgsqlDbType.Array | NpgsqlDbType.Double) { TypedValue = [.. commands.Select(command => command.Strength)] });
        upsert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        try
        {
            return await ReadLinksAsync(upsert, cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // Class 22 is "data exception": the input itself (a NUL in a JSON string) cannot be stored.
            throw new ArgumentException($"Postgres cannot store this link: {exception.MessageText}", nameof(commands));
        }
    }

    public async Task<IReadOnlyList<string>> DeleteTouchingAsync(string memoryNamespace, string key, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            WITH gone AS (
                DELETE FROM links WHERE namespace = @namespace AND (from_key = @key OR to_key = @key) RETURNING from_key)
            SELECT DISTINCT from_key FROM gone WHERE from_key <> @key
            """);
        AddText(command, "namespace", memoryNamespace);
        AddText(command, "key", key);
        var sources = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sources.Add(reader.GetString(0));
        }

        return sources;
    }

    public async Task<long> CountAsync(string? memoryNamespace, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM links WHERE @namespace::text IS NULL OR namespace = @namespace");
        command.Parameters.Add(new NpgsqlParameter("namespace", NpgsqlDbType.Text) { Value = (object?)memoryNamespace ?? DBNull.Value });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<MemoryLink>> ExpandAsync(
        string memoryNamespace,
        IReadOnlyCollection<string> keys,
        LinkDirection direction,
        string? linkType,
        DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return [];
        }

        var sql = direction switch
        {
            LinkDirection.Out => OutgoingSql,
            LinkDirection.In => IncomingSql,
            _ => OutgoingSql + "\nUNION ALL\n" + IncomingSql,
        };
        await using var command = dataSource.CreateCommand(sql);
        AddText(command, "namespace", memoryNamespace);
        AddTexts(command, "keys", keys);
        command.Parameters.Add(new NpgsqlParameter("link_type", NpgsqlDbType.Text) { Value = (object?)linkType ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        return await ReadLinksAsync(command, cancellationToken);
    }

    internal static async Task<IReadOnlyList<MemoryLink>> ReadLinksAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var links = new List<MemoryLink>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            links.Add(new MemoryLink
            {
                FromKey = reader.GetString(0),
                ToKey = reader.GetString(1),
                LinkType = reader.GetString(2),
                Strength = reader.GetDouble(3),
                MetadataJson = reader.GetString(4),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(5),
                UpdatedAt = reader.GetFieldValue<DateTimeOffset>(6),
            });
        }

        return links;
    }

    private static void AddText(NpgsqlCommand command, string name, string value) =>
        command.Parameters.Add(new NpgsqlParameter<string>(name, NpgsqlDbType.Text) { TypedValue = value });

    private static void AddTexts(NpgsqlCommand command, string name, IEnumerable<string> values) =>
        command.Parameters.Add(new NpgsqlParameter<string[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. values] });
}
