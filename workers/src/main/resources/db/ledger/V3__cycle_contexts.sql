-- Where each incident cycle's ContextBuilt sits (the lowest offset's record), so a task that needs the context lists its
-- position in TaskRequested.records and no worker searches the timeline. Derived from Kafka like the rest.
CREATE TABLE cycle_contexts (
    tenant_id   text    NOT NULL,
    incident_id text    NOT NULL,
    cycle       integer NOT NULL,
    topic       text    NOT NULL,
    partition   integer NOT NULL,
    "offset"    bigint  NOT NULL,
    PRIMARY KEY (tenant_id, incident_id, cycle)
);
