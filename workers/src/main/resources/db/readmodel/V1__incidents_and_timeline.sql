-- The read model: a cache folded from Kafka, rebuilt by replay into a shadow schema and swapped in.
-- Tables are created in the schema Flyway is pointed at; no column takes the wall clock.

-- Every event once (the lowest offset's record wins), as the index of each incident's timeline.
CREATE TABLE timeline_events (
    event_id    uuid PRIMARY KEY,
    tenant_id   text        NOT NULL,
    incident_id text        NOT NULL,
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    "offset"    bigint      NOT NULL,
    event_type  text        NOT NULL,
    cycle       integer     NOT NULL,
    event_time  timestamptz NOT NULL,
    event       jsonb       NOT NULL
);
CREATE INDEX timeline_events_incident ON timeline_events (tenant_id, incident_id, cycle, event_time, event_id);

-- One row per incident: the projection's view, with the columns lists and filters need.
CREATE TABLE incidents (
    tenant_id     text        NOT NULL,
    incident_id   text        NOT NULL,
    status        text        NOT NULL,
    cycle         integer     NOT NULL,
    service       text,
    signature     text,
    detected_at   timestamptz,
    last_event_at timestamptz NOT NULL,
    event_count   integer     NOT NULL,
    view          jsonb       NOT NULL,
    PRIMARY KEY (tenant_id, incident_id)
);
CREATE INDEX incidents_by_status ON incidents (tenant_id, status, last_event_at DESC);

-- Where the projector goes on from, written in the same transaction as the rows above. writer_epoch fences
-- a stale projector: an update only succeeds from the offset it expects, by a writer at least as new.
CREATE TABLE projector_offsets (
    topic        text    NOT NULL,
    partition    integer NOT NULL,
    next_offset  bigint  NOT NULL,
    writer_epoch bigint  NOT NULL,
    PRIMARY KEY (topic, partition)
);
