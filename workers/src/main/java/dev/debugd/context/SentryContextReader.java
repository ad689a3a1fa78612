package dev.debugd.context;

import dev.debugd.config.ConfigHistory;
import dev.debugd.context.snapshot.Context;
import dev.debugd.context.snapshot.ContextAssembly;
import dev.debugd.integrations.sentry.SentryIssues;
import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import dev.debugd.sentry.SentryWebhookEvents;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads what Sentry knows of an incident for its context: the issues the webhooks linked to its signature (in the ingest
 * database), and, when the evidence has no in-app frame to go by, the first issue's latest event through Sentry's REST
 * API with the token the issue's Integration names (a Secret's). A failed read is said in the context, not fatal: the
 * evidence stands without it.
 */
public final class SentryContextReader implements SentryContext {

    /** Sentry's API: an issue's latest event's body, empty when it has none. */
    public interface Api {
        Optional<byte[]> latestEvent(IntegrationSpec integration, Optional<String> token, String issueId)
                throws IOException, InterruptedException;
    }

    private final SentryIssues issues;
    private final Function<SecretKeyRef, Optional<String>> secrets;
    private final Api api;

    public SentryContextReader(SentryIssues issues, Function<SecretKeyRef, Optional<String>> secrets, Api api) {
        this.issues = issues;
        this.secrets = secrets;
        this.api = api;
    }

    @Override
    public Optional<Context.Sentry> of(ConfigHistory history, Context.Incident incident, Instant until, Context context)
            throws Exception {
        if (incident.signature().isEmpty()) {
            return Optional.empty();
        }
        List<SentryIssues.Issue> linked;
        try {
            linked = issues.bySignature(incident.tenant(), incident.signature(), until);
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) {
                throw e;
            }
            // No ingest schema in this database (no API has run on it): no Sentry issue was ever recorded.
            return Optional.empty();
        }
        if (linked.isEmpty()) {
            return Optional.empty();
        }
        var listed = linked.stream().map(i -> new Context.SentryIssue(i.issueId(), i.shortId(), i.title(), i.project())).toList();
        boolean thin = context.exceptions().stream().noneMatch(e -> e.frames().stream().anyMatch(Context.Frame::inApp));
        if (!thin) {
            return Optional.of(new Context.Sentry(listed, null, ""));
        }
        var first = linked.get(0);
        var name = issues.integration(incident.tenant(), first.issueId()).orElse("");
        var integration = ConfigHistory.integration(history.asOf(until), name)
                .filter(spec -> spec.type() == IntegrationSpec.Type.SENTRY);
        if (integration.isEmpty()) {
            return Optional.of(new Context.Sentry(listed, null, "sentry: the Integration " + name + " of issue " + first.issueId()
                    + " is not in force; its latest event was not read"));
        }
        var token = Optional.ofNullable(integration.get().credentials()).flatMap(secrets);
        Optional<byte[]> body;
        try {
            body = api.latestEvent(integration.get(), token, first.issueId());
        } catch (IOException e) {
            return Optional.of(new Context.Sentry(listed, null, "sentry: " + e.getMessage()));
        }
        if (body.isEmpty()) {
            return Optional.of(new Context.Sentry(listed, null, "sentry: issue " + first.issueId() + " has no latest event"));
        }
        var read = SentryWebhookEvents.latestEvent(body.get(), incident.service());
        if (!(read instanceof SentryWebhookEvents.Outcome.Evidence evidence)) {
            return Optional.of(new Context.Sentry(listed, null, "sentry: the latest event of issue " + first.issueId()
                    + " does not read: " + ((SentryWebhookEvents.Outcome.Refused) read).reason()));
        }
        var exception = evidence.exception();
        return Optional.of(new Context.Sentry(listed, new Context.SentryEvent(first.issueId(), evidence.eventId(),
                exception.deployHash(), exception.environment(), ContextAssembly.sample(exception, ContextAssembly.Limits.DEFAULT)), ""));
    }
}
