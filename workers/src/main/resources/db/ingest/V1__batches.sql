-- The ingest batches seen, so a retried batch is acknowledged and not stored twice (ClickHouse views count
-- every inserted block). A batch is claimed (stored = false) before its rows are sent to ClickHouse and marked
-- stored after; a claim left by a crash is finished by the retry, which first asks ClickHouse what arrived.
-- received_at is when the batch was first seen: it decides which rows were late, the same way on every retry.
CREATE TABLE batches (
    tenant_id   text NOT NULL,
    batch_id    text NOT NULL,
    body_sha256 bytea NOT NULL,
    received_at timestamptz NOT NULL,
    stored      boolean NOT NULL DEFAULT false,
    logs        integer,
    exceptions  integer,
    requests    integer,
    late        integer,
    PRIMARY KEY (tenant_id, batch_id)
);
