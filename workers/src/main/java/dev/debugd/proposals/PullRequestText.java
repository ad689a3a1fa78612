package dev.debugd.proposals;

import dev.debugd.context.snapshot.Context;
import dev.debugd.timeline.Payload;
import java.util.List;
import java.util.Optional;

/**
 * What a pull request of ours says: a title, a body that names the incident and states the hypothesis, the evidence
 * it rests on, the change, its risk and how the fix will be evaluated, and the commit message. Markdown, from the
 * incident's records alone. Pure.
 */
public record PullRequestText(String title, String body, String commitMessage) {

    private static final int TITLE = 100;
    private static final int EVIDENCE_LINES = 5;
    private static final int EVIDENCE_LINE = 300;

    /**
     * A fix's pull request.
     *
     * @param rootCause the root cause the fix was drafted from, when the task lists it
     * @param incidentLink where a person sees the incident, when the platform has a public URL
     */
    public static PullRequestText fix(Context context, Payload.FixDrafted fix, Optional<Payload.RootCauseProposed> rootCause,
            Optional<String> incidentLink, String branch) {
        var incident = context.incident();
        var body = new StringBuilder();
        body.append(intro(incident, incidentLink));
        body.append("\n\n### Hypothesis\n\n");
        if (rootCause.isPresent()) {
            var cause = rootCause.get();
            body.append("**").append(cause.category().wire()).append("** (confidence ").append(cause.confidence()).append("): ")
                    .append(cause.hypothesis().strip()).append('\n');
            evidence(body, cause.evidence());
        } else {
            body.append("The root cause this fix was drafted from is not listed with the task.\n");
        }
        body.append("\n### The change\n\n").append(fix.summary().strip()).append('\n');
        if (fix.rationale() != null && !fix.rationale().isBlank()) {
            body.append('\n').append(fix.rationale().strip()).append('\n');
        }
        body.append("\n### Risk\n\n").append(fix.risk() == null || fix.risk().isBlank() ? "Not stated by the draft." : fix.risk().strip())
                .append('\n');
        body.append("\n### How it will be evaluated\n\n")
                .append("Once this is merged and deployed, debugd compares ")
                .append(incident.signature() == null || incident.signature().isBlank() ? "" : "the frequency of the incident's error and ")
                .append(incident.service()).append("'s error rate over equal windows before the fault and after the deploy"
                        + " (the tenant's observation window). The incident is resolved when they are back to their baseline;"
                        + " otherwise it is reopened for another cycle.\n");
        body.append(footer(branch, fix.reasoner()));
        return new PullRequestText(title("Fix " + incident.service() + ": " + fix.summary()), body.toString(),
                commitMessage("Fix " + incident.service() + ": " + fix.summary(), incident));
    }

    /** An instrumentation proposal's pull request. */
    public static PullRequestText instrumentation(Context context, Payload.InstrumentationProposed proposal,
            Optional<String> incidentLink, String branch) {
        var incident = context.incident();
        var body = new StringBuilder();
        body.append(intro(incident, incidentLink));
        body.append("\n\n### What the incident's evidence lacked\n\n");
        for (var signal : proposal.missingSignals()) {
            body.append("- `").append(signal).append("`\n");
        }
        body.append("\n### The additions\n\n").append(proposal.summary().strip()).append('\n');
        for (var addition : proposal.additions()) {
            body.append("- ").append(addition.strip()).append('\n');
        }
        body.append("\n### Risk\n\nLogging and tracing only; no behaviour changes. Review the volume of the new lines.\n");
        body.append(footer(branch, proposal.reasoner()));
        return new PullRequestText(title("Instrument " + incident.service() + ": " + proposal.summary()), body.toString(),
                commitMessage("Instrument " + incident.service() + ": " + proposal.summary(), incident));
    }

    private static String intro(Context.Incident incident, Optional<String> incidentLink) {
        var named = "incident `" + incident.incidentId() + "`";
        return "debugd proposes this change for " + incidentLink.map(link -> "[" + named + "](" + link + ")").orElse(named)
                + " of tenant `" + incident.tenant() + "` (cycle " + incident.cycle() + "): " + incident.rule() + " in "
                + incident.service() + (incident.title() == null || incident.title().isBlank() ? "" : ", " + incident.title()) + ".";
    }

    private static void evidence(StringBuilder body, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        body.append("\nEvidence from the incident:\n\n```\n");
        lines.stream().limit(EVIDENCE_LINES)
                .map(line -> line.length() > EVIDENCE_LINE ? line.substring(0, EVIDENCE_LINE) + "…" : line)
                // A line of backticks would end the block early.
                .map(line -> line.replace("```", "'''"))
                .forEach(line -> body.append(line).append('\n'));
        body.append("```\n");
    }

    private static String footer(String branch, String reasoner) {
        return "\n---\n<sub>Opened by debugd's GitHub integration on branch `" + branch + "`"
                + (reasoner == null ? "" : "; drafted by `" + reasoner + "`") + ". Merging it is how a person accepts it.</sub>\n";
    }

    private static String title(String text) {
        var line = text.strip().lines().findFirst().orElse("").strip();
        return line.length() <= TITLE ? line : line.substring(0, TITLE - 1) + "…";
    }

    private static String commitMessage(String title, Context.Incident incident) {
        return title(title) + "\n\nProposed by debugd for incident " + incident.incidentId() + " of tenant " + incident.tenant()
                + " (cycle " + incident.cycle() + ").\n";
    }
}
