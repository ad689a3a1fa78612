-- When an issue's signature was recorded (its first stored event, or one with another signature): a context built for a
-- moment lists the issues whose signature was known by then, whenever it is built.
ALTER TABLE sentry_issues ADD COLUMN signed_at timestamptz;
UPDATE sentry_issues SET signed_at = recorded_at WHERE signature IS NOT NULL;
