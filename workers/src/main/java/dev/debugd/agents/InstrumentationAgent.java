package dev.debugd.agents;

import dev.debugd.context.snapshot.Context;
import dev.debugd.context.snapshot.ContextAssembly;
import dev.debugd.timeline.Payload;
import java.util.ArrayList;
import java.util.Optional;

/**
 * The Instrumentation Agent with the {@code builtin} provider (design §6): the smallest observability additions that
 * would have made the incident diagnosable, one per missing signal; for a doubtful root cause, also the log line that
 * would have told the cause. Pure.
 */
public final class InstrumentationAgent {

    public static final String BUILTIN = "builtin/builtin-instrumentation-1";

    private InstrumentationAgent() {}

    public static Payload.InstrumentationProposed propose(Context context, Optional<Payload.RootCauseProposed> doubtfulCause) {
        var service = context.incident().service();
        var additions = new ArrayList<String>();
        for (var signal : context.missingSignals()) {
            additions.add(signal + ": " + switch (signal) {
                case ContextAssembly.STACK_TRACE -> "log the exception object with its stack trace where " + service
                        + " handles the error (not only its message)";
                case ContextAssembly.DEPLOY_HASH -> "stamp every log line and request record of " + service + " with the"
                        + " deployed commit (deploy_hash, set at build time)";
                case ContextAssembly.REQUEST_ID -> "accept or create a request id (X-Request-Id) at " + service + "'s edge and"
                        + " log it on every line of the request";
                case ContextAssembly.TRACE_ID -> "start a span per request in " + service + " (OpenTelemetry) and log its"
                        + " trace_id";
                case ContextAssembly.ROUTE -> "record the route template with each error of " + service;
                case ContextAssembly.REQUEST_METADATA -> "send a request record (route, status, duration) for each request"
                        + " of " + service;
                default -> "record it";
            });
        }
        doubtfulCause.ifPresent(cause -> additions.add("cause: log, where the error is raised, the operation " + service
                + " attempted, the dependency it called and the error that dependency returned; the evidence did not tell"
                + " the cause (best guess " + cause.category().wire() + ", confidence " + cause.confidence() + ")"));
        var summary = additions.isEmpty() ? "Nothing is missing that would have told this incident's cause"
                : "Add " + additions.size() + " signal(s) to " + service + " so the next incident like this one explains"
                        + " itself";
        return new Payload.InstrumentationProposed(summary, context.missingSignals(), null, additions, BUILTIN);
    }
}
