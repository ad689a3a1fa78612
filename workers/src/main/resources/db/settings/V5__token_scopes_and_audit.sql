-- A tenant's API tokens do what their scopes say: send evidence (ingest), read incidents (read), record a person's
-- facts (act). Tokens made before scopes existed were ingest tokens, and stay so. When each was last used, to the minute.
ALTER TABLE ingest_tokens RENAME TO api_tokens;
ALTER TABLE api_tokens ADD COLUMN scopes text[] NOT NULL DEFAULT ARRAY['ingest'];
ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;

-- Who did what, for a person to look back on: every token change and every fact a person recorded through the API.
-- Not derived from Kafka (a token change is no fact), so it lives here and a rebuild never touches it.
CREATE TABLE audit_trail (
    id        bigserial   PRIMARY KEY,
    tenant_id text        NOT NULL,
    at        timestamptz NOT NULL DEFAULT now(),
    actor     text        NOT NULL,
    action    text        NOT NULL,
    subject   text        NOT NULL,
    detail    jsonb       NOT NULL DEFAULT '{}',
    -- the event a person's fact was recorded as: a retried request adds no second entry
    event_id  uuid        UNIQUE
);
CREATE INDEX audit_trail_by_tenant ON audit_trail (tenant_id, id DESC);
