-- The resolver's reopen of cycle n is void when a person resolved or suppressed cycle n (ARCHITECTURE §6): then the
-- cycle it opened, n+1, is closed too (closed_cycles). The two facts may be read in either order and in different
-- runs (a restart resumes past the first), so each cycle's two marks are kept; a mark, once set, stays set.
CREATE TABLE cycle_marks (
    tenant_id            text    NOT NULL,
    incident_id          text    NOT NULL,
    cycle                integer NOT NULL,
    reopened_by_resolver boolean NOT NULL,
    closed_by_person     boolean NOT NULL,
    PRIMARY KEY (tenant_id, incident_id, cycle)
);

-- The facts that set the marks lie behind the stored offsets of a ledger written before this version: it is read
-- again from offset 0 (the ledger is a cache of Kafka; what it holds is kept, and nothing is decided twice).
DELETE FROM dispatcher_offsets;
