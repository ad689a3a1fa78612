-- Sentry issues as their Integration's issue.created deliveries named them: which project (and so which service) their
-- events belong to, since events of Sentry's shortest shape name their issue and no project; and, once an event of
-- the issue is stored, the signature its evidence was signed with, so the context and the dashboard can show the
-- Sentry issue of an incident's signature.
CREATE TABLE sentry_issues (
    tenant_id   text NOT NULL,
    issue_id    text NOT NULL,
    integration text NOT NULL,
    short_id    text NOT NULL,
    title       text NOT NULL,
    project     text NOT NULL,
    service     text NOT NULL,
    signature   text,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, issue_id)
);
CREATE INDEX sentry_issues_by_signature ON sentry_issues (tenant_id, signature);
