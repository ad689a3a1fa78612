-- Past incidents' memory (design §4: semantic memory, derived and non-canonical): one row per resolved cycle of an
-- incident, its text embedded by MiniLM (384 dimensions). Kept by the projector with the rest of the read model, so a
-- replay rebuilds it. Searched exactly (no approximate index): ordered by distance, then incident id and cycle.
CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;

CREATE TABLE memory (
    tenant_id   text             NOT NULL,
    incident_id text             NOT NULL,
    cycle       integer          NOT NULL,
    service     text             NOT NULL,
    signature   text             NOT NULL,
    title       text             NOT NULL,
    detected_at timestamptz      NOT NULL,
    resolved_at timestamptz      NOT NULL,
    resolution  text             NOT NULL,
    category    text             NOT NULL,
    hypothesis  text             NOT NULL,
    confidence  double precision NOT NULL,
    fix         text             NOT NULL,
    verdict     text             NOT NULL,
    assessment  text             NOT NULL,
    text        text             NOT NULL,
    embedding   public.vector(384) NOT NULL,
    PRIMARY KEY (tenant_id, incident_id, cycle)
);
CREATE INDEX memory_tenant_resolved ON memory (tenant_id, resolved_at);
