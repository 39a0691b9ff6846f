-- API keys. A key is an identity (id, name, roles, namespaces); its secrets live in api_key_secrets so that a
-- rotation can add a new secret while the old one keeps working for a grace period, with no gap and the same id.
CREATE TABLE api_keys (
    id                text        PRIMARY KEY,
    name              text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    roles             text[]      NOT NULL CHECK (cardinality(roles) > 0),
    namespaces        text[]      NOT NULL CHECK (cardinality(namespaces) > 0),
    default_namespace text        NOT NULL,
    created_at        timestamptz NOT NULL,
    expires_at        timestamptz NULL,
    revoked_at        timestamptz NULL,
    created_by        text        NOT NULL
);

-- Only the SHA-256 of a secret is stored; the secret itself is shown once, when it is issued.
CREATE TABLE api_key_secrets (
    secret_hash bytea       PRIMARY KEY CHECK (length(secret_hash) = 32),
    key_id      text        NOT NULL REFERENCES api_keys (id),
    created_at  timestamptz NOT NULL,
    -- Set on the old secrets when a key is rotated: they keep working until then.
    expires_at  timestamptz NULL
);

CREATE INDEX api_key_secrets_key ON api_key_secrets (key_id);

-- Who did what: key creation, rotation and revocation, deletes and every admin action. Holds the key id, never a secret.
CREATE TABLE audit_log (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    action      text        NOT NULL,
    key_id      text        NOT NULL,
    namespace   text        NULL,
    target      text        NULL,
    status      integer     NOT NULL
);

CREATE INDEX audit_log_occurred ON audit_log (occurred_at DESC);
CREATE INDEX audit_log_key ON audit_log (key_id, occurred_at DESC);
