-- deploys: (tenant, service, deploy) -> first seen, from every kind of evidence. The novelty rule asks whether a
-- signature's first deploy was a service's first deploy (then everything in it is "new", so nothing is).
CREATE TABLE IF NOT EXISTS deploys (
    tenant_id String, service String, deploy_hash String, first_seen_at AggregateFunction(min, DateTime)
) ENGINE = AggregatingMergeTree ORDER BY (tenant_id, service, deploy_hash);

CREATE MATERIALIZED VIEW IF NOT EXISTS deploys_from_requests TO deploys AS
SELECT tenant_id, service, deploy_hash, minState(timestamp) AS first_seen_at
FROM requests WHERE deploy_hash != '' GROUP BY tenant_id, service, deploy_hash;

CREATE MATERIALIZED VIEW IF NOT EXISTS deploys_from_logs TO deploys AS
SELECT tenant_id, service, deploy_hash, minState(timestamp) AS first_seen_at
FROM log_lines WHERE deploy_hash != '' GROUP BY tenant_id, service, deploy_hash;

CREATE MATERIALIZED VIEW IF NOT EXISTS deploys_from_exceptions TO deploys AS
SELECT tenant_id, service, deploy_hash, minState(timestamp) AS first_seen_at
FROM exceptions WHERE deploy_hash != '' GROUP BY tenant_id, service, deploy_hash;
