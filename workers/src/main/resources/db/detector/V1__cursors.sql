-- How far detection has got, per tenant and bucket width: the next bucket to evaluate. Advanced only after the
-- detections of the buckets before it are in Kafka, so an outage or a crash never skips a bucket; a crash between
-- the two writes the same events again (same event ids), which readers see as one fact.
CREATE TABLE cursors (
    tenant_id      text   NOT NULL,
    bucket_seconds bigint NOT NULL,
    next_bucket    bigint NOT NULL,
    PRIMARY KEY (tenant_id, bucket_seconds)
);
