package dev.debugd.timeline;

import static dev.debugd.timeline.Fields.matching;
import static dev.debugd.timeline.Fields.present;
import static dev.debugd.timeline.Fields.text;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One fact of the debugging history: the envelope of ARCHITECTURE §3 around a typed payload. An event of a
 * newer schema version than this reader knows carries an {@link Payload.Unknown} payload.
 */
public record Event(UUID eventId, int schemaVersion, Instant time, String tenantId, String incidentId, int cycle,
        String eventType, Payload payload, Agent agent, String idempotencyKey, UUID causationEventId) {

    /** The schema version this code writes and fully understands. */
    public static final int SCHEMA_VERSION = 1;

    /** Who produced the event: an agent, an integration or a deterministic component, with its version. */
    public record Agent(String name, String version) {
        public Agent {
            text(name, "agent.name");
            text(version, "agent.version");
        }
    }

    public Event {
        present(eventId, "event_id");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schema_version must be at least 1, got " + schemaVersion);
        }
        present(time, "time");
        matching(tenantId, IdSyntax.TENANT, "tenant_id");
        matching(incidentId, IdSyntax.INCIDENT, "incident_id");
        if (cycle < 1) {
            throw new IllegalArgumentException("cycle must be at least 1, got " + cycle);
        }
        text(eventType, "event_type");
        present(payload, "payload");
        present(agent, "agent");
        text(idempotencyKey, "idempotency_key");
        // Every fact's key names its tenant, so no tenant's output can settle another tenant's task. Only a rejection,
        // keyed by the position or message it stands for, names none.
        if (!idempotencyKey.startsWith(tenantId + "/")
                && !(idempotencyKey.startsWith("rejected/") && EventType.EVENT_REJECTED.wireName().equals(eventType))) {
            throw new IllegalArgumentException("idempotency_key '" + idempotencyKey + "' names another tenant than tenant_id '"
                    + tenantId + "'");
        }
        if (!(payload instanceof Payload.Unknown)) {
            var type = EventType.of(payload);
            if (!type.wireName().equals(eventType)) {
                throw new IllegalArgumentException("event_type " + eventType + " does not match a " + type.wireName() + " payload");
            }
            if (schemaVersion > SCHEMA_VERSION) {
                throw new IllegalArgumentException("a typed payload cannot have schema_version " + schemaVersion);
            }
        }
    }

    /** A new event of this schema version; its id derives from its type and idempotency key. */
    public static Event create(Instant time, String tenantId, String incidentId, int cycle, Payload payload, Agent agent,
            String idempotencyKey, UUID causationEventId) {
        var type = EventType.of(payload);
        return new Event(IdempotencyKey.eventId(type.wireName(), idempotencyKey), SCHEMA_VERSION, time, tenantId,
                incidentId, cycle, type.wireName(), payload, agent, idempotencyKey, causationEventId);
    }

    /** The Kafka record key: one incident's records stay in one partition of each topic. */
    public String recordKey() {
        return tenantId + "/" + incidentId;
    }

    /** The type, unless the event is of a newer schema version than this reader knows. */
    public Optional<EventType> knownType() {
        return payload instanceof Payload.Unknown ? Optional.empty() : EventType.fromWireName(eventType);
    }
}
