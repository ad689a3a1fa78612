package dev.debugd.memory;

import java.time.Instant;

/**
 * What the memory keeps of one resolved cycle of an incident (design §4: semantic memory, derived from the timeline):
 * what was detected, what the agents found, what fixed it and how the fix was judged. Its {@link #text} is what is
 * embedded.
 *
 * @param resolution who resolved it: {@link #EVALUATION_PASSED} or {@link #A_PERSON}
 * @param fix        the fix's summary; empty when no fix was drafted
 * @param verdict    the evaluation's verdict ("pass", "fail", "inconclusive"); empty when none was made
 */
public record MemoryEntry(String tenantId, String incidentId, int cycle, String service, String signature, String title,
        Instant detectedAt, Instant resolvedAt, String resolution, String category, String hypothesis, double confidence,
        String fix, String verdict, String assessment) {

    public static final String EVALUATION_PASSED = "evaluation passed";
    public static final String A_PERSON = "a person";

    /**
     * The text embedded: the incident's service, signature and title as the detector named them, then its root cause,
     * fix and outcome. {@link MemoryQuery} starts a new incident's text the same way, so a recurrence reads alike.
     */
    public String text() {
        var text = new StringBuilder();
        text.append("service ").append(service).append('\n');
        text.append("signature ").append(signature).append('\n');
        text.append(title).append('\n');
        text.append("root cause (").append(category).append("): ").append(hypothesis).append('\n');
        if (!fix.isEmpty()) {
            text.append("fix: ").append(fix).append('\n');
        }
        text.append("outcome: resolved, ").append(resolution);
        if (!verdict.isEmpty()) {
            text.append("; evaluation ").append(verdict).append(": ").append(assessment);
        }
        return text.toString();
    }
}
