using Npgsql;
using NpgsqlTypes;
using SomaMemory.Indexing;
using SomaMemory.Search;

namespace SomaMemory.Postgres;

/// <summary>Recall's reads: hydrating vector candidates and full-text search on the generated tsvector.</summary>
public sealed class PostgresSearchRepository(NpgsqlDataSource dataSource) : ISearchRepository
{
    private const string Live = "m.deleted_at IS NULL AND (m.expires_at IS NULL OR m.expires_at > @now)";

    // Each filter member must equal the payload's or the metadata's top-level field of that name.
    private const string Filter =
        "(@memory_type IS NULL OR m.memory_type = @memory_type) " +
        "AND (@as_of IS NULL OR m.created_at <= @as_of) " +
        "AND (@fields IS NULL OR NOT EXISTS (SELECT 1 FROM jsonb_each(@fields) f " +
        "WHERE (m.payload -> f.key) IS DISTINCT FROM f.value AND (m.metadata -> f.key) IS DISTINCT FROM f.value))";

    // Normalisation 32 maps a rank r to r / (r + 1), so keyword scores stay in [0, 1) like the other terms.
    private const string Rank = "CASE WHEN @query IS NULL THEN 0 ELSE ts_rank_cd(m.search_text, websearch_to_tsquery('english', @query), 32) END";

    // Hydration reads no embedding: the index gave the similarity, and 50 embeddings are 75 KB, often out of line.
    private static readonly string SelectCandidate =
        $"SELECT {Prefixed(PostgresMemoryRepository.Columns)}, NULL::bytea AS embedding, {Rank} AS rank FROM memories m ";

    // Keyword matches read the embedding only when asked, and only for rows the vector index did not offer.
    private static readonly string SelectKeywordCandidate =
        $"SELECT {Prefixed(PostgresMemoryRepository.Columns)}, " +
        "CASE WHEN @embed_all_but IS NOT NULL AND m.vector_id <> ALL(@embed_all_but) THEN m.embedding END AS embedding, " +
        $"{Rank} AS rank FROM memories m ";

    public async Task<IReadOnlyList<SearchCandidate>> HydrateAsync(string memoryNamespace, IReadOnlyList<long> vectorIds, string? keywordQuery, SearchFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vectorIds);
        if (vectorIds.Count == 0)
        {
            return [];
        }

        await using var command = dataSource.CreateCommand(
            SelectCandidate + $"WHERE m.namespace = @namespace AND m.vector_id = ANY(@ids) AND {Live} AND {Filter}");
        AddCommon(command, memoryNamespace, keywordQuery, filter, now);
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. vectorIds] });
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<SearchCandidate>> KeywordSearchAsync(string memoryNamespace, string keywordQuery, int limit, SearchFilter filter, DateTimeOffset now, IReadOnlyCollection<long>? embedAllBut, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            SelectKeywordCandidate +
            $"WHERE m.namespace = @namespace AND m.search_text @@ websearch_to_tsquery('english', @query) AND {Live} AND {Filter} " +
            "ORDER BY rank DESC, m.vector_id LIMIT @limit");
        AddCommon(command, memoryNamespace, keywordQuery, filter, now);
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        command.Parameters.Add(new NpgsqlParameter("embed_all_but", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = embedAllBut is null ? DBNull.Value : embedAllBut.ToArray() });
        return await ReadAsync(command, cancellationToken);
    }

    private static void AddCommon(NpgsqlCommand command, string memoryNamespace, string? keywordQuery, SearchFilter filter, DateTimeOffset now)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("namespace", NpgsqlDbType.Text) { TypedValue = memoryNamespace });
        command.Parameters.Add(new NpgsqlParameter("query", NpgsqlDbType.Text) { Value = (object?)keywordQuery ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("memory_type", NpgsqlDbType.Smallint) { Value = filter.MemoryType is { } type ? (short)type : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("as_of", NpgsqlDbType.TimestampTz) { Value = (object?)filter.AsOf ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("fields", NpgsqlDbType.Jsonb) { Value = (object?)filter.FieldsJson ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
    }

    private static async Task<IReadOnlyList<SearchCandidate>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var candidates = new List<SearchCandidate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var embeddingColumn = reader.FieldCount - 2;
        while (await reader.ReadAsync(cancellationToken))
        {
            var embedding = reader.IsDBNull(embeddingColumn) ? null : EmbeddingBytes.FromBytes(reader.GetFieldValue<byte[]>(embeddingColumn));
            candidates.Add(new SearchCandidate(PostgresMemoryRepository.ReadRecord(reader), embedding, reader.GetFloat(embeddingColumn + 1)));
        }

        return candidates;
    }

    private static string Prefixed(string columns) =>
        string.Join(", ", columns.Split(", ").Select(column => "m." + column));
}
