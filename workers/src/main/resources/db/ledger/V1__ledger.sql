-- The dispatcher's task ledger: derived from Kafka (dropped and rebuilt by replay), with the offsets it was read
-- up to, written in the same transactions. Only last_enqueued_at and enqueue_count are the dispatcher's own
-- operational state (when it last sent a task), which a rebuild resets so that replay sends missing work again.

-- Required work: one row per TaskRequested key (the lowest offset's record wins).
CREATE TABLE tasks (
    task_key          text PRIMARY KEY,
    tenant_id         text        NOT NULL,
    incident_id       text        NOT NULL,
    task_type         text        NOT NULL,
    queue             text        NOT NULL,
    -- where the winning TaskRequested sits (a human's retry reads it back from there)
    requested_topic     text      NOT NULL,
    requested_partition integer   NOT NULL,
    requested_offset    bigint    NOT NULL,
    message           text        NOT NULL,
    last_enqueued_at  timestamptz,
    enqueue_count     integer     NOT NULL DEFAULT 0,
    -- done or abandoned (kept in step with done_keys/abandoned_keys), so finding work to send skips settled tasks
    settled           boolean     NOT NULL DEFAULT false
);
CREATE INDEX tasks_to_send ON tasks (last_enqueued_at NULLS FIRST, task_key) WHERE NOT settled;

-- Keys with an output event (done) and keys with TaskAbandoned, kept apart from tasks so the order they are
-- read in does not matter.
CREATE TABLE done_keys (task_key text PRIMARY KEY, event_id uuid NOT NULL);
CREATE TABLE abandoned_keys (task_key text PRIMARY KEY, event_id uuid NOT NULL);

-- Triggers already met (by event id: a second record of one event is not decided again); decided is false while
-- the trigger waits for configuration.
CREATE TABLE decided_triggers (event_id uuid PRIMARY KEY, decided boolean NOT NULL);

-- Triggers that could not be decided yet (DispatchFailed), retried when their tenant's configuration changes.
CREATE TABLE pending_triggers (
    trigger_event_id uuid PRIMARY KEY,
    tenant_id        text    NOT NULL,
    topic            text    NOT NULL,
    partition        integer NOT NULL,
    "offset"         bigint  NOT NULL
);
CREATE INDEX pending_by_tenant ON pending_triggers (tenant_id);

-- Configuration facts (TenantConfigChanged, AgentVersionActivated), so a restart knows every tenant's history
-- without reading the internal topic again.
CREATE TABLE config_facts (
    event_id   uuid PRIMARY KEY,
    tenant_id  text    NOT NULL,
    record_key text    NOT NULL,
    topic     text    NOT NULL,
    partition integer NOT NULL,
    "offset"  bigint  NOT NULL,
    event     text    NOT NULL
);

CREATE TABLE dispatcher_offsets (
    topic        text    NOT NULL,
    partition    integer NOT NULL,
    next_offset  bigint  NOT NULL,
    writer_epoch bigint  NOT NULL,
    PRIMARY KEY (topic, partition)
);
