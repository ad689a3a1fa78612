package dev.debugd.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();
    private final JsonMapper json = JsonMapper.builder().build();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeSurvivesARoundTrip(EventType type) {
        var event = Samples.event(type);
        var decoded = codec.decode(event.recordKey(), codec.encode(event));
        assertThat(decoded).isEqualTo(new Decoding.Decoded(event));
        assertThat(type.topic()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void thePayloadBeforeOrAfterItsTypeDecodesAlike(EventType type) {
        // Our writer announces the type before the payload (read in one pass); other writers may not.
        var event = Samples.event(type);
        var wire = json.readTree(codec.encode(event));
        var payloadFirst = json.createObjectNode();
        payloadFirst.set("payload", wire.get("payload"));
        wire.properties().forEach(field -> {
            if (!field.getKey().equals("payload")) {
                payloadFirst.set(field.getKey(), field.getValue());
            }
        });
        assertThat(codec.decode(event.recordKey(), json.writeValueAsBytes(payloadFirst))).isEqualTo(new Decoding.Decoded(event));

        var broken = (ObjectNode) json.readTree(codec.encode(event));
        ((ObjectNode) broken.get("payload")).put("not_a_field", 1);
        broken.remove("tenant_id");
        // Two faults: the envelope's is named whichever way the payload was read.
        assertThat(rejection(event.recordKey(), broken)).isEqualTo("tenant_id is missing");
    }

    @Test
    void theWireFormatIsTheEnvelopeOfTheDesignInSnakeCase() {
        var event = Samples.event(EventType.ROOT_CAUSE_PROPOSED);
        var node = json.readTree(codec.encode(event));
        assertThat(node.propertyNames()).containsExactly("event_id", "schema_version", "time", "tenant_id",
                "incident_id", "cycle", "event_type", "payload", "agent", "idempotency_key");
        assertThat(node.get("event_type").asString()).isEqualTo("RootCauseProposed");
        assertThat(node.get("time").asString()).isEqualTo("2026-01-28T12:34:56Z");
        assertThat(node.get("payload").get("confidence").asDouble()).isEqualTo(0.87);
        assertThat(node.get("payload").get("category").asString()).isEqualTo("missing_config");
        assertThat(node.get("payload").has("trace_id")).isTrue();
    }

    @Test
    void theEventIdDerivesFromTypeAndKeySoARetriedWriteHasTheSameId() {
        var first = Samples.event(EventType.FIX_DRAFTED);
        var retried = Samples.event(EventType.FIX_DRAFTED);
        assertThat(retried.eventId()).isEqualTo(first.eventId());
        // The task request and the output it asks for share a key but never an id.
        var key = IdempotencyKey.task("t1", "inc-1", EventType.FIX_DRAFTED, EventType.ROOT_CAUSE_PROPOSED, "0.3.1", 1);
        assertThat(IdempotencyKey.eventId("TaskRequested", key)).isNotEqualTo(IdempotencyKey.eventId("FixDrafted", key));
    }

    private String rejection(String key, ObjectNode node) {
        var result = codec.decode(key, json.writeValueAsBytes(node));
        assertThat(result).isInstanceOf(Decoding.Rejected.class);
        return ((Decoding.Rejected) result).reason();
    }

    private ObjectNode wire(EventType type) {
        return (ObjectNode) json.readTree(codec.encode(Samples.event(type)));
    }

    @Test
    void anEventWithoutTenantIsRefused() {
        var node = wire(EventType.INCIDENT_DETECTED);
        node.remove("tenant_id");
        assertThat(rejection("t1/inc-1", node)).isEqualTo("tenant_id is missing");
    }

    @Test
    void anUnknownTypeIsRefused() {
        var node = wire(EventType.INCIDENT_DETECTED);
        node.put("event_type", "IncidentExploded");
        assertThat(rejection("t1/inc-1", node)).isEqualTo("event_type 'IncidentExploded' is unknown");
    }

    @Test
    void aPayloadThatDoesNotMatchItsTypeIsRefusedNamingTheField() {
        var missing = wire(EventType.ROOT_CAUSE_PROPOSED);
        ((ObjectNode) missing.get("payload")).remove("confidence");
        assertThat(rejection("t1/inc-1", missing)).isEqualTo("payload does not match RootCauseProposed: confidence is missing");

        var outOfRange = wire(EventType.ROOT_CAUSE_PROPOSED);
        ((ObjectNode) outOfRange.get("payload")).put("confidence", 1.5);
        assertThat(rejection("t1/inc-1", outOfRange)).contains("confidence must be between 0 and 1");

        var wrongType = wire(EventType.ROOT_CAUSE_PROPOSED);
        ((ObjectNode) wrongType.get("payload")).put("category", "gremlins");
        assertThat(rejection("t1/inc-1", wrongType)).contains("category 'gremlins' is not one of");
    }

    @Test
    void aPayloadFieldOfANewerWriterIsSkippedByEveryReader() {
        for (var contexts : EventCodec.Contexts.values()) {
            var reader = new EventCodec(contexts);
            for (var type : EventType.values()) {
                var event = Samples.event(type);
                var node = wire(type);
                var payload = (ObjectNode) node.get("payload");
                payload.putObject("added_later").put("rank", 1).putArray("why").add("a newer version's field");
                payload.put("also_added_later", 7);
                var decoded = reader.decode(event.recordKey(), json.writeValueAsBytes(node));
                assertThat(decoded).as(type + " with contexts " + contexts).isInstanceOf(Decoding.Decoded.class);
                var read = ((Decoding.Decoded) decoded).event();
                if (contexts == EventCodec.Contexts.KEPT) {
                    assertThat(read).as(type.wireName()).isEqualTo(event);
                } else {
                    assertThat(read.eventId()).isEqualTo(event.eventId());
                    assertThat(read.eventType()).isEqualTo(type.wireName());
                }
            }
        }
    }

    @Test
    void aContextBuiltIsCheckedLikeEveryOtherPayload() {
        var noContext = wire(EventType.CONTEXT_BUILT);
        ((ObjectNode) noContext.get("payload")).remove("context");
        assertThat(rejection("t1/inc-1", noContext)).isEqualTo("payload does not match ContextBuilt: context is missing");
        var signals = wire(EventType.CONTEXT_BUILT);
        ((ObjectNode) signals.get("payload")).putArray("missing_signals").add(3);
        assertThat(rejection("t1/inc-1", signals)).contains("missing_signals must be an array of strings");
    }

    @Test
    void aReaderThatKeepsNoContextsChecksThemAlikeAndCannotWriteTheEventAgain() {
        var checking = new EventCodec(EventCodec.Contexts.CHECKED_ONLY);
        var event = Samples.event(EventType.CONTEXT_BUILT);
        var decoded = ((Decoding.Decoded) checking.decode(event.recordKey(), codec.encode(event))).event();
        var payload = (Payload.ContextBuilt) decoded.payload();
        assertThat(payload.context()).isSameAs(RawJson.NOT_KEPT);
        assertThat(payload.missingSignals()).isEqualTo(((Payload.ContextBuilt) event.payload()).missingSignals());
        assertThat(decoded.eventId()).isEqualTo(event.eventId());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> checking.encode(decoded))
                .hasMessageContaining("read without its context");

        var random = new Random(5);
        var valid = codec.encode(event);
        for (int i = 0; i < 500; i++) { // a corrupted context is refused for the same reason by both
            var bytes = valid.clone();
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            var kept = codec.decode(event.recordKey(), bytes);
            var checked = checking.decode(event.recordKey(), bytes);
            if (kept instanceof Decoding.Rejected) {
                assertThat(checked).isEqualTo(kept);
            } else {
                assertThat(checked).isInstanceOf(Decoding.Decoded.class);
            }
        }
    }

    @Test
    void anOversizedPayloadIsRefused() {
        var node = wire(EventType.FIX_DRAFTED);
        ((ObjectNode) node.get("payload")).put("patch", "x".repeat(EventCodec.MAX_PAYLOAD_BYTES));
        assertThat(rejection("t1/inc-1", node)).matches("payload is \\d+ bytes, over the limit of 1048576");
    }

    @Test
    void aRecordKeyOfAnotherTenantIsRefused() {
        var node = wire(EventType.FIX_DRAFTED);
        assertThat(rejection("t2/inc-1", node)).isEqualTo("the record key's tenant 't2' differs from tenant_id 't1'");
        assertThat(rejection(null, node)).startsWith("the record key is missing");
        assertThat(rejection("t1/inc-2", node)).contains("differs from tenant_id/incident_id 't1/inc-1'");
    }

    @Test
    void anEventIdThatDoesNotDeriveFromItsKeyIsRefused() {
        var node = wire(EventType.FIX_DRAFTED);
        node.put("idempotency_key", "t1/forged");
        assertThat(rejection("t1/inc-1", node)).contains("does not derive from event_type and idempotency_key");
    }

    @Test
    void aKeyThatNamesAnotherTenantIsRefusedByReadersAndWriters() {
        var forged = wire(EventType.ROOT_CAUSE_PROPOSED); // tenant t1
        var otherTenantsKey = "t2/inc-1/RootCauseProposed/ContextBuilt/0.3.1/cycle-1";
        forged.put("idempotency_key", otherTenantsKey);
        forged.put("event_id", IdempotencyKey.eventId("RootCauseProposed", otherTenantsKey).toString());
        assertThat(rejection("t1/inc-1", forged))
                .isEqualTo("idempotency_key 't2/inc-1/RootCauseProposed/ContextBuilt/0.3.1/cycle-1' names another tenant than"
                        + " tenant_id 't1'");
        var prefixOnly = wire(EventType.ROOT_CAUSE_PROPOSED);
        prefixOnly.put("idempotency_key", "t10/inc-1/x");
        prefixOnly.put("event_id", IdempotencyKey.eventId("RootCauseProposed", "t10/inc-1/x").toString());
        assertThat(rejection("t1/inc-1", prefixOnly)).contains("names another tenant than tenant_id 't1'");
        // Only a rejection is keyed by what it stands for instead of a tenant.
        var rejectionKey = wire(EventType.ROOT_CAUSE_PROPOSED);
        rejectionKey.put("idempotency_key", "rejected/debugging.timeline/0/7");
        rejectionKey.put("event_id", IdempotencyKey.eventId("RootCauseProposed", "rejected/debugging.timeline/0/7").toString());
        assertThat(rejection("t1/inc-1", rejectionKey)).contains("names another tenant than tenant_id 't1'");
        var sample = Samples.event(EventType.ROOT_CAUSE_PROPOSED);
        assertThatThrownBy(() -> Event.create(sample.time(), "t1", "inc-1", 1, sample.payload(), sample.agent(), otherTenantsKey,
                null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names another tenant");
    }

    @Test
    void aNewerSchemaVersionIsKeptAsUnknownNotRefused() {
        var node = wire(EventType.ROOT_CAUSE_PROPOSED);
        node.put("schema_version", Event.SCHEMA_VERSION + 1);
        node.put("event_type", "RootCauseRanked"); // a type this reader has never heard of
        node.put("event_id", IdempotencyKey.eventId("RootCauseRanked", node.get("idempotency_key").asString()).toString());
        ((ObjectNode) node.get("payload")).put("rank", 1);

        var decoded = codec.decode("t1/inc-1", json.writeValueAsBytes(node));
        assertThat(decoded).isInstanceOf(Decoding.Decoded.class);
        var event = ((Decoding.Decoded) decoded).event();
        assertThat(event.knownType()).isEmpty();
        assertThat(event.payload()).isInstanceOf(Payload.Unknown.class);
        assertThat(((Payload.Unknown) event.payload()).raw().get("rank").asInt()).isEqualTo(1);
        // Written back unchanged, so a newer reader still understands it.
        assertThat(json.readTree(codec.encode(event))).isEqualTo(node);
    }

    @Test
    void everyKindOfJsonValueInEveryEnvelopeFieldIsRefusedOrReadNeverThrown() {
        // An object or array where an id belongs once escaped the decoder as Jackson's own exception.
        var kinds = List.of("null", "7", "-1", "2147483648", "1.5", "true", "\"\"", "\" \"", "\"x\"", "{}", "{\"a\":[1]}", "[]",
                "[\"x\"]");
        var fields = List.of("event_id", "schema_version", "time", "tenant_id", "incident_id", "cycle", "event_type",
                "payload", "agent", "idempotency_key", "causation_event_id");
        for (var field : fields) {
            for (var kind : kinds) {
                var node = wire(EventType.FIX_DRAFTED);
                node.set(field, json.readTree(kind));
                var result = codec.decode("t1/inc-1", json.writeValueAsBytes(node));
                if (result instanceof Decoding.Rejected rejected) {
                    assertThat(rejected.reason()).as("%s = %s", field, kind).containsAnyOf(field, "record key", "event_id");
                } else {
                    // Only values that are valid there are read: a newer schema version is kept as unknown.
                    assertThat(field + " = " + kind).isIn("causation_event_id = null", "schema_version = 7", "cycle = 7");
                }
            }
        }
        var agentName = wire(EventType.FIX_DRAFTED);
        ((ObjectNode) agentName.get("agent")).putArray("name");
        assertThat(rejection("t1/inc-1", agentName)).isEqualTo("agent.name must be a string");
        var badId = wire(EventType.FIX_DRAFTED);
        badId.putObject("event_id");
        assertThat(rejection("t1/inc-1", badId)).isEqualTo("event_id is not a UUID");
    }

    @Test
    void junkIsRefusedWithAReasonAndNeverThrows() {
        assertThat(codec.decode("t1/inc-1", null)).isEqualTo(new Decoding.Rejected("the record has no value"));
        assertThat(codec.decode("t1/inc-1", "[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Decoding.Rejected("not a JSON object"));
        assertThat(codec.decode("t1/inc-1", "{\"tenant_id\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(Decoding.Rejected.class, r -> assertThat(r.reason()).startsWith("not JSON"));
        var random = new Random(7);
        var valid = codec.encode(Samples.event(EventType.ROOT_CAUSE_PROPOSED));
        for (int i = 0; i < 2000; i++) {
            byte[] bytes;
            if (random.nextBoolean()) {
                bytes = valid.clone();
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256); // one corrupted byte
            } else {
                bytes = new byte[random.nextInt(300)];
                random.nextBytes(bytes);
            }
            assertThat(codec.decode("t1/inc-1", bytes)).isNotNull();
        }
    }

    @Test
    void aRecordReadInPlaceFromAFetchBufferDecodesAsOnItsOwn() {
        // Kafka hands values as windows into its fetched data: what lies around a record must never leak in.
        var before = "{\"event_id\":\"x\",\"payload\":{\"context\":{\"a\":1}}}".getBytes(StandardCharsets.UTF_8);
        var after = "\"}]},{\"tail\":true}".getBytes(StandardCharsets.UTF_8);
        var random = new Random(11);
        for (var type : EventType.values()) {
            var event = Samples.event(type);
            var valid = codec.encode(event);
            for (int i = 0; i < 50; i++) {
                var value = valid.clone();
                if (i > 0) {
                    value[random.nextInt(value.length)] = (byte) random.nextInt(256);
                }
                var buffer = new byte[before.length + value.length + after.length];
                System.arraycopy(before, 0, buffer, 0, before.length);
                System.arraycopy(value, 0, buffer, before.length, value.length);
                System.arraycopy(after, 0, buffer, before.length + value.length, after.length);
                assertThat(codec.decode(event.recordKey(), buffer, before.length, value.length))
                        .isEqualTo(codec.decode(event.recordKey(), value));
            }
            assertThat(codec.decode(event.recordKey(), new byte[] {1, 2}, 0, 0))
                    .isInstanceOfSatisfying(Decoding.Rejected.class, r -> assertThat(r.reason()).startsWith("not"));
        }
    }
}
