-- Evidence (ARCHITECTURE §7): tenant-aware tables and the design's three views, in the subset that runs on
-- ClickHouse 18.16 and on current releases. Statements are idempotent (IF NOT EXISTS) so a migration that
-- stopped half-way can run again. Views keep one-second rows; the detector groups them into its buckets.

CREATE TABLE IF NOT EXISTS log_lines (
    tenant_id String, timestamp DateTime, service String, level String, message String, route String,
    deploy_hash String, request_id String, trace_id String, stream String,
    error_signature String, signature_version UInt32, batch_id String
) ENGINE = MergeTree PARTITION BY toYYYYMM(timestamp) ORDER BY (tenant_id, service, timestamp);

CREATE TABLE IF NOT EXISTS exceptions (
    tenant_id String, timestamp DateTime, service String, route String, deploy_hash String, request_id String,
    trace_id String, exception_type String, exception_message String,
    frame_module Array(String), frame_function Array(String), frame_file Array(String), frame_line Array(UInt32),
    frame_in_app Array(UInt8), cause_types Array(String), cause_messages Array(String),
    error_signature String, signature_version UInt32, batch_id String
) ENGINE = MergeTree PARTITION BY toYYYYMM(timestamp) ORDER BY (tenant_id, service, timestamp);

CREATE TABLE IF NOT EXISTS requests (
    tenant_id String, timestamp DateTime, service String, route String, status UInt16, duration_ms Float64,
    deploy_hash String, request_id String, trace_id String, batch_id String
) ENGINE = MergeTree PARTITION BY toYYYYMM(timestamp) ORDER BY (tenant_id, service, timestamp);

-- error frequency: (tenant, service, signature, second) -> occurrences
CREATE TABLE IF NOT EXISTS error_frequency (
    tenant_id String, service String, error_signature String, signature_version UInt32, second DateTime,
    occurrences UInt64
) ENGINE = SummingMergeTree(occurrences) PARTITION BY toYYYYMM(second)
ORDER BY (tenant_id, service, error_signature, signature_version, second);

CREATE MATERIALIZED VIEW IF NOT EXISTS error_frequency_from_logs TO error_frequency AS
SELECT tenant_id, service, error_signature, signature_version, timestamp AS second, count() AS occurrences
FROM log_lines WHERE error_signature != ''
GROUP BY tenant_id, service, error_signature, signature_version, second;

CREATE MATERIALIZED VIEW IF NOT EXISTS error_frequency_from_exceptions TO error_frequency AS
SELECT tenant_id, service, error_signature, signature_version, timestamp AS second, count() AS occurrences
FROM exceptions WHERE error_signature != ''
GROUP BY tenant_id, service, error_signature, signature_version, second;

-- error novelty: (tenant, service, signature, deploy) -> first seen
CREATE TABLE IF NOT EXISTS error_novelty (
    tenant_id String, service String, error_signature String, signature_version UInt32, deploy_hash String,
    first_seen_at AggregateFunction(min, DateTime)
) ENGINE = AggregatingMergeTree ORDER BY (tenant_id, service, error_signature, signature_version, deploy_hash);

CREATE MATERIALIZED VIEW IF NOT EXISTS error_novelty_from_logs TO error_novelty AS
SELECT tenant_id, service, error_signature, signature_version, deploy_hash, minState(timestamp) AS first_seen_at
FROM log_lines WHERE error_signature != ''
GROUP BY tenant_id, service, error_signature, signature_version, deploy_hash;

CREATE MATERIALIZED VIEW IF NOT EXISTS error_novelty_from_exceptions TO error_novelty AS
SELECT tenant_id, service, error_signature, signature_version, deploy_hash, minState(timestamp) AS first_seen_at
FROM exceptions WHERE error_signature != ''
GROUP BY tenant_id, service, error_signature, signature_version, deploy_hash;

-- error rate: (tenant, service, second) -> total and failed requests
CREATE TABLE IF NOT EXISTS error_rate (
    tenant_id String, service String, second DateTime, total_requests UInt64, error_requests UInt64
) ENGINE = SummingMergeTree((total_requests, error_requests)) PARTITION BY toYYYYMM(second)
ORDER BY (tenant_id, service, second);

CREATE MATERIALIZED VIEW IF NOT EXISTS error_rate_from_requests TO error_rate AS
SELECT tenant_id, service, timestamp AS second, count() AS total_requests, countIf(status >= 500) AS error_requests
FROM requests GROUP BY tenant_id, service, second;
