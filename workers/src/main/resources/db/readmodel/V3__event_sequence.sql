-- The order events reached the read model in, for live updates: a client resumes after the last one it saw. One
-- projector writes at a time (a newer one fences an older), so the order is the order of its commits.
ALTER TABLE timeline_events ADD COLUMN seq bigserial;
CREATE INDEX timeline_events_by_seq ON timeline_events (seq);
