-- The memory graph: one row per typed, directed link. A link is an upsert on (namespace, from, to, type).
-- Endpoints are canonical coordinate keys and need not hold a memory (SFM allows linking to an empty coordinate).
CREATE TABLE links (
    namespace   text        NOT NULL,
    from_key    text        NOT NULL,
    to_key      text        NOT NULL,
    link_type   text        NOT NULL,
    strength    float8      NOT NULL CHECK (strength > 0 AND strength < 'Infinity'::float8),
    metadata    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    CONSTRAINT links_pk PRIMARY KEY (namespace, from_key, to_key, link_type),
    CONSTRAINT links_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object')
);

-- Incoming walks (direction=in|both) and the clean-up when a memory is deleted.
CREATE INDEX links_incoming ON links (namespace, to_key);
