package dev.debugd.context;

import dev.debugd.context.snapshot.Context;
import java.util.List;

/**
 * The context builder's way to the tenant's memory of resolved incidents: begun when a task starts (where the timeline
 * stands then), finished once the context's evidence is read, when the memory has caught up to that point.
 */
public interface PastIncidentSearch {

    /** No memory: every search finds nothing (a context builder run without a read model, as some tests do). */
    PastIncidentSearch NONE = () -> (incident, query) -> Found.NOTHING;

    /** Notes where the timeline stands now: the memory must have caught up to it before it answers. */
    Pending begin() throws Exception;

    interface Pending {
        /** The tenant's past incidents resolved before {@code incident} was detected that are most like {@code query}. */
        Found finish(Context.Incident incident, String query) throws Exception;
    }

    /**
     * What a search found, nearest first; {@code note}, when not empty, says why the memory was not searched (it goes
     * with what the context cut).
     */
    record Found(List<Context.PastIncident> incidents, String note) {
        public static final Found NOTHING = new Found(List.of(), "");

        public Found {
            incidents = List.copyOf(incidents);
        }
    }
}
