-- Per-tenant ingest tokens. Only a token's SHA-256 is kept: the token itself is shown once, when it is created.
CREATE TABLE ingest_tokens (
    token_sha256 bytea PRIMARY KEY,
    tenant_id    text NOT NULL,
    name         text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    UNIQUE (tenant_id, name)
);
