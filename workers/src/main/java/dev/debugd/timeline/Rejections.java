package dev.debugd.timeline;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Turns a record that could not be read into an EventRejected fact (ARCHITECTURE §3): small whatever the
 * record was, with an id derived from the record's position, so meeting the same record again adds nothing.
 */
public final class Rejections {

    public static final String UNKNOWN = "_unknown";
    static final int PREFIX_BYTES = 1024;

    private Rejections() {}

    /**
     * @param time the rejected record's own timestamp, so the fact is the same on every replay
     * @param reader the component that met the record
     */
    public static Event of(String topic, int partition, long offset, String recordKey, byte[] value, String reason,
            Instant time, Event.Agent reader) {
        return of(topic, partition, offset, null, recordKey, value, reason, time, reader);
    }

    /**
     * A record of a tenant's outputs topic that is not admitted: the fact is the topic's tenant's, whatever tenant the
     * record claims, so no tenant can write into another's history, not even its rejections.
     */
    public static Event ofOutput(String topic, int partition, long offset, String topicTenant, String recordKey, byte[] value,
            String reason, Instant time, Event.Agent reader) {
        return of(topic, partition, offset, topicTenant, recordKey, value, reason, time, reader);
    }

    private static Event of(String topic, int partition, long offset, String owner, String recordKey, byte[] value,
            String reason, Instant time, Event.Agent reader) {
        var bytes = value == null ? new byte[0] : value;
        var tenant = owner != null && IdSyntax.TENANT.matches(owner) ? owner : UNKNOWN;
        var incident = UNKNOWN;
        if (recordKey != null) {
            int slash = recordKey.indexOf('/');
            var keyTenant = slash < 0 ? recordKey : recordKey.substring(0, slash);
            var keyIncident = slash < 0 ? "" : recordKey.substring(slash + 1);
            if (IdSyntax.TENANT.matches(keyTenant) && (owner == null || keyTenant.equals(owner))) {
                tenant = keyTenant;
                if (IdSyntax.INCIDENT.matches(keyIncident)) {
                    incident = keyIncident;
                }
            }
        }
        var payload = new Payload.EventRejected(topic, partition, offset, reason, bytes.length, sha256(bytes),
                prefix(bytes));
        return Event.create(time, tenant, incident, 1, payload, reader, IdempotencyKey.rejection(topic, partition, offset), null);
    }

    /**
     * A work-queue message that is not a task, kept as a fact like a bad record: the queue stands in the topic's place,
     * partition and offset are -1, and the id derives from the message id, so seeing the message again adds nothing.
     */
    public static Event ofMessage(String queue, String messageId, String tenantId, String body, String reason, Instant time,
            Event.Agent reader) {
        var bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        var tenant = tenantId != null && IdSyntax.TENANT.matches(tenantId) ? tenantId : UNKNOWN;
        var payload = new Payload.EventRejected(queue, -1, -1, reason, bytes.length, sha256(bytes), prefix(bytes));
        return Event.create(time, tenant, UNKNOWN, 1, payload, reader, IdempotencyKey.rejectedMessage(queue, messageId), null);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The first 1 KiB as UTF-8 text, invalid bytes replaced (a cut multi-byte character included). */
    static String prefix(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, PREFIX_BYTES))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder does not throw", e);
        }
    }
}
