-- signature_versions: (tenant, signature_version) -> when the tenant's evidence was first signed with that version,
-- from every log line and exception (not only errors). The novelty rule asks it: a deploy that was already running
-- when a version came into use is no news to that version, so upgrading the signature function makes nothing "new".
CREATE TABLE IF NOT EXISTS signature_versions (
    tenant_id String, signature_version UInt32, first_seen_at AggregateFunction(min, DateTime)
) ENGINE = AggregatingMergeTree ORDER BY (tenant_id, signature_version);

CREATE MATERIALIZED VIEW IF NOT EXISTS signature_versions_from_logs TO signature_versions AS
SELECT tenant_id, signature_version, minState(timestamp) AS first_seen_at
FROM log_lines GROUP BY tenant_id, signature_version;

CREATE MATERIALIZED VIEW IF NOT EXISTS signature_versions_from_exceptions TO signature_versions AS
SELECT tenant_id, signature_version, minState(timestamp) AS first_seen_at
FROM exceptions GROUP BY tenant_id, signature_version;
