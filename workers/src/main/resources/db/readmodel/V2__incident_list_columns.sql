-- What the incident list shows and filters by, beside the view: the detection's rule, and the top hypothesis (the
-- most confident of the latest cycle that has one) with its category and confidence. Filled from the views already
-- stored; the projector keeps them current. The list pages by (detected_at, incident_id), which never change.
ALTER TABLE incidents ADD COLUMN rule text;
ALTER TABLE incidents ADD COLUMN top_hypothesis text;
ALTER TABLE incidents ADD COLUMN top_category text;
ALTER TABLE incidents ADD COLUMN top_confidence double precision;

UPDATE incidents SET rule = view -> 'detection' ->> 'rule';
UPDATE incidents i SET (top_hypothesis, top_category, top_confidence) = (
    SELECT h ->> 'hypothesis', h ->> 'category', (h ->> 'confidence')::double precision
    FROM jsonb_array_elements(i.view -> 'hypotheses') AS h
    ORDER BY (h ->> 'cycle')::integer DESC, (h ->> 'confidence')::double precision DESC, h ->> 'time' DESC
    LIMIT 1);

CREATE INDEX incidents_by_detection ON incidents (tenant_id, detected_at DESC, incident_id DESC);
