package dev.debugd.memory;

import dev.debugd.context.snapshot.Context;
import dev.debugd.context.snapshot.Redaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Which of the memory's nearest entries go into a context: alike enough ({@link #MAX_DISTANCE}), one per incident (its
 * nearest cycle), at most {@link #LIMIT}, nearest first as the search ordered them (by distance, then incident id and
 * cycle); texts redacted and cut. Pure.
 */
public final class PastIncidents {

    /** Past incidents a context lists at most. */
    public static final int LIMIT = 3;
    /**
     * The farthest cosine distance that still counts as alike: a recurrence of the same failure (same service and
     * signature, a few words apart) lies well within it, another failure of the same service beyond it (measured over
     * the RCA harness's scenarios, {@code bin/debugd bench rca}).
     */
    public static final double MAX_DISTANCE = 0.25;
    /** Characters kept of each text. */
    static final int TEXT_CHARS = 500;

    private PastIncidents() {}

    public static List<Context.PastIncident> select(List<Neighbour> nearest) {
        var chosen = new ArrayList<Context.PastIncident>();
        var incidents = new HashSet<String>();
        for (var neighbour : nearest) {
            if (chosen.size() == LIMIT || neighbour.distance() > MAX_DISTANCE) {
                break;
            }
            var entry = neighbour.entry();
            if (!incidents.add(entry.incidentId())) {
                continue;
            }
            chosen.add(new Context.PastIncident(entry.incidentId(), entry.cycle(), entry.service(), text(entry.title()),
                    entry.detectedAt(), entry.resolvedAt(), entry.resolution(), entry.category(), text(entry.hypothesis()),
                    entry.confidence(), text(entry.fix()), entry.verdict(), text(entry.assessment()),
                    Math.round((1 - neighbour.distance()) * 1000) / 1000.0));
        }
        return chosen;
    }

    private static String text(String text) {
        var redacted = Redaction.redact(text);
        return redacted.length() <= TEXT_CHARS ? redacted : redacted.substring(0, TEXT_CHARS) + "…";
    }
}
