package dev.debugd.context;

import dev.debugd.config.ConfigHistory;
import dev.debugd.context.snapshot.Context;
import java.time.Instant;
import java.util.Optional;

/** What the context builder asks about Sentry: the incident's Sentry issues, and more of them when its evidence is thin. */
public interface SentryContext {

    /** No Sentry: a context builder run without the ingest database, as some tests do. */
    SentryContext NONE = (history, incident, until, context) -> Optional.empty();

    /**
     * The Sentry issues of the incident's signature recorded before {@code until}, and, when {@code context} has no
     * exception with an in-app frame, the first issue's latest event; empty when no Sentry issue carries the signature.
     */
    Optional<Context.Sentry> of(ConfigHistory history, Context.Incident incident, Instant until, Context context) throws Exception;
}
