-- The memories of every namespace: one row per (namespace, canonical coordinate key).
-- Deleting keeps a tombstone (deleted_at) so that versions stay monotonic across a delete and a re-store.
CREATE TABLE memories (
    namespace          text        NOT NULL,
    coord_key          text        NOT NULL,
    coordinate         float8[]    NOT NULL,
    payload            jsonb       NOT NULL,
    memory_type        smallint    NOT NULL CHECK (memory_type IN (0, 1)),
    metadata           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    importance         float8      NOT NULL CHECK (importance >= 0),
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    last_accessed_at   timestamptz NULL,
    access_count       bigint      NOT NULL DEFAULT 0,
    version            bigint      NOT NULL,
    expires_at         timestamptz NULL,
    deleted_at         timestamptz NULL,
    -- Keyword search reads the string values of the payload, never its keys or punctuation.
    search_text        tsvector    GENERATED ALWAYS AS (to_tsvector('english'::regconfig, payload)) STORED,
    CONSTRAINT memories_pk PRIMARY KEY (namespace, coord_key),
    CONSTRAINT memories_payload_is_object CHECK (jsonb_typeof(payload) = 'object'),
    CONSTRAINT memories_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object')
);

-- Counting and listing the live memories of a namespace by type.
CREATE INDEX memories_live_by_type ON memories (namespace, memory_type) WHERE deleted_at IS NULL;

-- The TTL sweep finds expiring rows without scanning the namespace.
CREATE INDEX memories_expiring ON memories (namespace, expires_at) WHERE expires_at IS NOT NULL AND deleted_at IS NULL;

CREATE INDEX memories_search_text ON memories USING gin (search_text);
