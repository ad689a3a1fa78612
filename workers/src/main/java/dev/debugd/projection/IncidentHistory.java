package dev.debugd.projection;

import dev.debugd.timeline.TimelineRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

/**
 * The records of one incident, read as a set: one record per event id, the lowest offset winning (ARCHITECTURE §3).
 * Each record adds its {@link Fact} (only what the view needs of it); the winners are chosen when the history is
 * read, so any interleaving of the three topics and any re-delivery leave the same winners, and
 * {@link IncidentProjection#view} is a function of them alone. Adding is an append: a replay adds a million facts and
 * reads each incident once. A re-delivered record is kept twice and chosen once.
 */
public final class IncidentHistory {

    private final String tenantId;
    private final String incidentId;
    private final List<Fact> facts = new ArrayList<>();

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

    public void add(TimelineRecord record) {
        var event = record.event();
        if (!event.tenantId().equals(tenantId) || !event.incidentId().equals(incidentId)) {
            throw new IllegalArgumentException("record of " + event.recordKey() + " added to " + tenantId + "/" + incidentId);
        }
        facts.add(Fact.of(record));
    }

    public void addAll(Collection<TimelineRecord> records) {
        records.forEach(this::add);
    }

    /** What the winning record of every event says, in no particular order: a new list the caller owns. */
    public List<Fact> winners() {
        var winners = new HashMap<UUID, Fact>(facts.size() * 2);
        for (var fact : facts) {
            winners.merge(fact.eventId(), fact, (current, other) -> other.winsOver(current) ? other : current);
        }
        return new ArrayList<>(winners.values());
    }
}
