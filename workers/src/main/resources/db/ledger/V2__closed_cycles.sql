-- Suppression and resolution are terminal for their cycle, and a reopened investigation ends the cycles before its
-- own (ARCHITECTURE §3): the work required for a closed cycle is settled, never sent again. Which was read first,
-- the task or the fact that closes its cycle, does not matter, so replay settles the same tasks.

ALTER TABLE tasks ADD COLUMN cycle integer NOT NULL DEFAULT 1;
-- Tasks recorded before this column existed: their key ends with their cycle (a retry's key adds its attempt).
UPDATE tasks SET cycle = substring(task_key FROM '/cycle-([0-9]+)(/attempt-[0-9]+)?$')::integer
    WHERE task_key ~ '/cycle-[0-9]+(/attempt-[0-9]+)?$';
CREATE INDEX tasks_by_incident ON tasks (tenant_id, incident_id) WHERE NOT settled;

-- Per incident, the highest cycle closed so far: every cycle up to it is closed.
CREATE TABLE closed_cycles (
    tenant_id      text    NOT NULL,
    incident_id    text    NOT NULL,
    closed_through integer NOT NULL,
    PRIMARY KEY (tenant_id, incident_id)
);

-- A trigger held back while the internal topic catches up (a human's retry) is kept whole, so deciding it after
-- the catch-up needs no read from Kafka.
ALTER TABLE pending_triggers ADD COLUMN record_key text, ADD COLUMN event text;

-- The facts that closed cycles lie behind the stored offsets of a ledger written before this version: it is read
-- again from offset 0 (the ledger is a cache of Kafka; what it holds is kept, and nothing is decided twice).
DELETE FROM dispatcher_offsets;
