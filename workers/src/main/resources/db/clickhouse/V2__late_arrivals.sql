-- Rows that came after their bucket's watermark (ARCHITECTURE §7): kept, counted and shown, but never added to
-- the tables that feed the views, so detection always sees the same closed buckets.
CREATE TABLE IF NOT EXISTS late_arrivals (
    tenant_id String, received_at DateTime, kind String, timestamp DateTime, service String, batch_id String, row String
) ENGINE = MergeTree PARTITION BY toYYYYMM(received_at) ORDER BY (tenant_id, received_at);
