-- The task API's tokens (ARCHITECTURE §4): one per workload the operator runs (an agent, an integration worker),
-- scoped to one tenant and one role (its task type). Only the token's SHA-256 is kept; the token itself is in the
-- workload's Secret. A deleted workload's token is revoked, not removed, so the row says when it stopped.
CREATE TABLE workload_tokens (
    workload      text        PRIMARY KEY,
    token_sha256  bytea       NOT NULL UNIQUE,
    tenant_id     text        NOT NULL,
    role          text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz
);
