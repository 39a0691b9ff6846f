namespace SomaMemory.Postgres;

/// <summary>
/// The one upsert of memory rows, shared by the node grain's single-row write and the bulk path's multi-row write so
/// that both apply the same rules.
/// </summary>
internal static class MemoryUpsertSql
{
    private const string LiveCondition = "(m.deleted_at IS NULL AND (m.expires_at IS NULL OR m.expires_at > @now))";

    /// <summary>
    /// A row that is deleted or expired is revived by a store: it starts again as a new memory, with fresh creation
    /// time, counters and defaults, but its version keeps counting so no version is ever reused. A store that gives
    /// no metadata or importance keeps the live row's.
    /// </summary>
    /// <param name="source">The VALUES or SELECT that yields the rows, in the insert's column order.</param>
    /// <param name="metadataMissing">True when the incoming row gave no metadata (the inserted value is the default).</param>
    /// <param name="importanceMissing">True when the incoming row gave no importance.</param>
    public static string Build(string source, string metadataMissing, string importanceMissing, string returning) => $"""
        INSERT INTO memories AS m (namespace, coord_key, coordinate, payload, memory_type, metadata, importance,
                                   created_at, updated_at, version, expires_at, embedding, embedding_model)
        {source}
        ON CONFLICT (namespace, coord_key) DO UPDATE SET
            coordinate       = EXCLUDED.coordinate,
            payload          = EXCLUDED.payload,
            memory_type      = EXCLUDED.memory_type,
            metadata         = CASE WHEN {metadataMissing} AND {LiveCondition} THEN m.metadata ELSE EXCLUDED.metadata END,
            importance       = CASE WHEN {importanceMissing} AND {LiveCondition} THEN m.importance ELSE EXCLUDED.importance END,
            created_at       = CASE WHEN {LiveCondition} THEN m.created_at ELSE EXCLUDED.created_at END,
            access_count     = CASE WHEN {LiveCondition} THEN m.access_count ELSE 0 END,
            last_accessed_at = CASE WHEN {LiveCondition} THEN m.last_accessed_at ELSE NULL END,
            updated_at       = EXCLUDED.updated_at,
            expires_at       = EXCLUDED.expires_at,
            embedding        = EXCLUDED.embedding,
            embedding_model  = EXCLUDED.embedding_model,
            version          = m.version + 1,
            deleted_at       = NULL
        RETURNING {returning}
        """;
}
