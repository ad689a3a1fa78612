package dev.debugd.agents;

import dev.debugd.context.snapshot.CodeExcerpts;
import dev.debugd.context.snapshot.Context;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import java.util.Optional;
import java.util.UUID;

/**
 * The Fix Agent with the {@code builtin} provider (design §6): a remediation for a confident root cause, with its
 * rationale and risk. It writes a diff only where the context holds the code the change touches and the diff applies to
 * it: with the builtin provider, the revert of the deploy's hunk around the line where a code defect fails. Otherwise
 * a described change, which asks for no pull request. Pure.
 */
public final class FixAgent {

    public static final String BUILTIN = "builtin/builtin-fix-1";

    private FixAgent() {}

    public static Payload.FixDrafted draft(Context context, Payload.RootCauseProposed cause, UUID causeEventId) {
        if (cause.category() == RootCauseCategory.CODE_DEFECT) {
            var revert = revert(context, cause, causeEventId);
            if (revert.isPresent()) {
                return revert.get();
            }
        }
        var service = context.incident().service();
        var deploy = context.deploys().stream().filter(Context.DeploySeen::faultBeganWithIt).map(Context.DeploySeen::deployHash)
                .findFirst();
        var change = switch (cause.category()) {
            case MISSING_CONFIG -> "Provide the missing setting or secret to " + service + "'s environment (deployment"
                    + " configuration or secret store) and make the service refuse to start without it";
            case BAD_CONFIG_VALUE -> "Correct the invalid setting of " + service + " and validate it when the service starts";
            case CODE_DEFECT -> deploy.map(d -> "Revert or fix the change of deploy " + d + " in the failing code path, and add"
                    + " a test for it").orElse("Fix the failing code path of " + service + " and add a test for it");
            case DEPENDENCY_UNAVAILABLE -> "Restore the dependency " + service + " calls, and let " + service + " degrade"
                    + " gracefully (retry with back-off, circuit breaker) while it is away";
            case DEPENDENCY_TIMEOUT -> "Find why the dependency slowed down; meanwhile bound " + service + "'s calls with a"
                    + " timeout and a circuit breaker so requests fail fast";
            case POOL_EXHAUSTION -> "Find the connections " + service + " holds too long (leaks, slow queries) and size the"
                    + " pool for the load";
            case MEMORY_EXHAUSTION -> "Bound the memory the failing operation of " + service + " uses (stream or page large"
                    + " results) and set the memory limit above the working set";
            case DISK_EXHAUSTION -> "Free the full volume of " + service + ", then rotate or expire what fills it and alert"
                    + " before it is full";
            case SCHEMA_MISMATCH -> "Apply the missing migration, or make " + service + "'s code match the schema it runs"
                    + " against; deploy migrations before the code that needs them";
            case RATE_LIMITED -> "Throttle " + service + "'s calls to the provider below its limit (client-side rate limit,"
                    + " back-off honouring Retry-After) or raise the quota";
            case CERTIFICATE_OR_AUTH -> "Renew the certificate or rotate the credential " + service + " uses, and alert before"
                    + " the next expiry";
            case DNS_OR_NETWORK -> "Fix the host name or the network path " + service + " uses to reach its dependency";
            case UNKNOWN -> "No fix can be named from this evidence";
        };
        return new Payload.FixDrafted(change + ".", null, causeEventId,
                "The root cause (" + cause.category().wire() + ", confidence " + cause.confidence() + "): " + cause.hypothesis(),
                "A described change, not a diff: the context holds no code to change, so a person makes it", BUILTIN);
    }

    /**
     * For a defect in code a deploy changed: the revert of the deploy's hunk around the failing line, when the context
     * holds that change and the revert applies to the code it holds.
     */
    private static Optional<Payload.FixDrafted> revert(Context context, Payload.RootCauseProposed cause, UUID causeEventId) {
        var code = context.code();
        if (code == null || code.changes().isEmpty()) {
            return Optional.empty();
        }
        var paths = code.files().stream().map(Context.CodeFile::path).toList();
        for (var exception : context.exceptions()) {
            var failing = exception.frames().stream().filter(Context.Frame::inApp).findFirst();
            if (failing.isEmpty()) {
                continue;
            }
            var frame = failing.get();
            var path = CodeExcerpts.locate(frame, paths);
            var diff = path.flatMap(p -> CodeDiffs.revertHunkAt(code, p, frame.line())).filter(d -> CodeDiffs.appliesTo(d, code));
            if (diff.isPresent()) {
                var where = path.get() + ":" + frame.line();
                return Optional.of(new Payload.FixDrafted("Revert the change that commit " + code.commit() + " made around "
                        + where + " (" + frame.module() + "." + frame.function() + "), where " + exception.type()
                        + " is thrown.", diff.get(), causeEventId,
                        "The root cause (" + cause.category().wire() + ", confidence " + cause.confidence() + "): "
                                + cause.hypothesis() + ". The failing line " + where + " is in a hunk that the deploy changed"
                                + " (since " + code.base() + "); the diff restores that hunk as it was.",
                        "Reverts one hunk of the deploy's change; the rest of the deploy stays. Whatever the change meant"
                                + " to do there is undone too: a person reviews it before merging, and the fix is judged on"
                                + " the signature's occurrences after its deploy.", BUILTIN));
            }
        }
        return Optional.empty();
    }
}
