package dev.debugd.projection;

import dev.debugd.timeline.TimelineRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The records of one incident, merged as a set: one record per event id, the lowest offset winning
 * (ARCHITECTURE §3). Adding is commutative and idempotent, so any interleaving of the three topics and any
 * re-delivery leave the same history, and {@link IncidentProjection#view} is a function of it alone. It keeps
 * only what the view needs of each record (a {@link Fact}).
 */
public final class IncidentHistory {

    private final String tenantId;
    private final String incidentId;
    private final Map<UUID, Fact> winners = new HashMap<>();

    public IncidentHistory(String tenantId, String incidentId) {
        this.tenantId = tenantId;
        this.incidentId = incidentId;
    }

    public String tenantId() {
        return tenantId;
    }

    public String incidentId() {
        return incidentId;
    }

    /** Merges one record; returns true when it changed the history (a new fact, or a lower offset). */
    public boolean add(TimelineRecord record) {
        var event = record.event();
        if (!event.tenantId().equals(tenantId) || !event.incidentId().equals(incidentId)) {
            throw new IllegalArgumentException("record of " + event.recordKey() + " added to " + tenantId + "/" + incidentId);
        }
        var fact = Fact.of(record);
        var current = winners.get(event.eventId());
        if (current != null && !fact.winsOver(current)) {
            return false;
        }
        winners.put(event.eventId(), fact);
        return true;
    }

    public void addAll(Collection<TimelineRecord> records) {
        records.forEach(this::add);
    }

    /** What the winning record of every event says, in no particular order: a new list the caller owns. */
    public List<Fact> winners() {
        return new ArrayList<>(winners.values());
    }
}
