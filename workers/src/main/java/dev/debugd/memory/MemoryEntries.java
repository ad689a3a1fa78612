package dev.debugd.memory;

import dev.debugd.projection.IncidentView;
import dev.debugd.timeline.RootCauseCategory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the memory holds of an incident: one entry per cycle that was resolved, read from the incident's view, so the
 * same timeline gives the same entries whether it is projected live or replayed. Pure.
 */
public final class MemoryEntries {

    /** The cycle-view key of the fact that resolves a cycle. */
    static final String RESOLVED = "IncidentResolved";

    private MemoryEntries() {}

    public static List<MemoryEntry> of(IncidentView view) {
        var detection = view.detection();
        var entries = new ArrayList<MemoryEntry>();
        if (detection == null || detection.detectedAt() == null) {
            return entries;
        }
        for (var cycle : view.cycles()) {
            var resolvedAt = cycle.firstSeen().get(RESOLVED);
            if (resolvedAt == null) {
                continue;
            }
            int c = cycle.cycle();
            // The cycle's most confident hypothesis (of equally confident ones, the latest), its last fix and evaluation.
            var hypothesis = view.hypotheses().stream().filter(h -> h.cycle() == c)
                    .max(Comparator.comparingDouble(IncidentView.Hypothesis::confidence).thenComparing(IncidentView.Hypothesis::time)
                            .thenComparing(h -> h.eventId().toString()));
            var fix = view.fixDrafts().stream().filter(f -> f.cycle() == c)
                    .max(Comparator.comparing(IncidentView.FixDraft::time).thenComparing(f -> f.eventId().toString()));
            var evaluation = view.evaluations().stream().filter(e -> e.cycle() == c)
                    .max(Comparator.comparing(IncidentView.Evaluation::time).thenComparing(e -> e.eventId().toString()));
            boolean byPerson = view.actions().stream().anyMatch(a -> a.cycle() == c
                    && a.kind() == IncidentView.PersonActionKind.RESOLVED);
            entries.add(new MemoryEntry(view.tenantId(), view.incidentId(), c, nonNull(detection.service()),
                    nonNull(detection.signature()), nonNull(detection.title()), detection.detectedAt(), resolvedAt,
                    byPerson ? MemoryEntry.A_PERSON : MemoryEntry.EVALUATION_PASSED,
                    hypothesis.map(h -> h.category().wire()).orElse(RootCauseCategory.UNKNOWN.wire()),
                    hypothesis.map(IncidentView.Hypothesis::hypothesis).orElse(""),
                    hypothesis.map(IncidentView.Hypothesis::confidence).orElse(0.0),
                    fix.map(IncidentView.FixDraft::summary).map(MemoryEntries::nonNull).orElse(""),
                    evaluation.map(IncidentView.Evaluation::verdict).orElse(""),
                    evaluation.map(IncidentView.Evaluation::assessment).map(MemoryEntries::nonNull).orElse("")));
        }
        return entries;
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }
}
