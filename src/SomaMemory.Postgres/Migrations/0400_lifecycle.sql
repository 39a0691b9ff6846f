-- Memory lifecycle: reinforcement, archiving, history and erasure.

-- The time the stored importance refers to when a read reinforced it after the last update. Decay counts from the
-- later of this and updated_at, so a reinforced memory decays from its reinforcement and an update starts afresh.
ALTER TABLE memories ADD COLUMN importance_at timestamptz NULL;

-- Set together with deleted_at (to the same instant) when a sweep archives a memory. A user delete or a later
-- store leaves the two different, which is how the purge tells archived rows from ordinary tombstones.
ALTER TABLE memories ADD COLUMN archived_at timestamptz NULL;
CREATE INDEX memories_archived ON memories (namespace, deleted_at) WHERE archived_at IS NOT NULL AND archived_at = deleted_at;

-- Every versioned change keeps the previous version here. Access counters and index stamps do not change the
-- version, so they never write history. Embeddings are not kept: history is for reading what a memory said.
CREATE TABLE memory_history (
    namespace   text        NOT NULL,
    coord_key   text        NOT NULL,
    version     bigint      NOT NULL,
    payload     jsonb       NOT NULL,
    memory_type smallint    NOT NULL,
    metadata    jsonb       NOT NULL,
    importance  float8      NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    expires_at  timestamptz NULL,
    deleted_at  timestamptz NULL,
    replaced_at timestamptz NOT NULL,
    CONSTRAINT memory_history_pk PRIMARY KEY (namespace, coord_key, version)
);

-- A trigger rather than application code, so that no writer (node grain, sweep, a future bulk path) can change a
-- memory without its previous version being kept, and both commit or roll back together.
CREATE FUNCTION memories_keep_history() RETURNS trigger
    LANGUAGE plpgsql
AS $body$
BEGIN
    INSERT INTO memory_history (namespace, coord_key, version, payload, memory_type, metadata, importance,
                                created_at, updated_at, expires_at, deleted_at, replaced_at)
    VALUES (OLD.namespace, OLD.coord_key, OLD.version, OLD.payload, OLD.memory_type, OLD.metadata, OLD.importance,
            OLD.created_at, OLD.updated_at, OLD.expires_at, OLD.deleted_at, NEW.updated_at)
    ON CONFLICT ON CONSTRAINT memory_history_pk DO NOTHING;
    RETURN NEW;
END
$body$;

CREATE TRIGGER memories_history
    BEFORE UPDATE ON memories
    FOR EACH ROW
    WHEN (OLD.version IS DISTINCT FROM NEW.version)
    EXECUTE FUNCTION memories_keep_history();

-- A hard delete removes the row, so the reconciler could no longer see that its vector must leave the index. The
-- erasure keeps only the vector id (no content) until an index has saved the delete and stamped it, then goes.
CREATE TABLE memory_erasures (
    namespace text   NOT NULL,
    vector_id bigint NOT NULL,
    version   bigint NOT NULL,
    CONSTRAINT memory_erasures_pk PRIMARY KEY (namespace, vector_id)
);
