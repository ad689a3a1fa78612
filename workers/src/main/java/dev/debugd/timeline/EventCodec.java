package dev.debugd.timeline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON for events, and the validation every reader applies: a record is either a valid event or rejected with
 * a reason naming the field. Pure: no I/O, no clock.
 */
public final class EventCodec {

    /** Payloads above this are refused (ContextBuilt is bounded to it); the topics allow 4 MiB records. */
    public static final int MAX_PAYLOAD_BYTES = 1 << 20;

    // Parsers borrow their buffers from a pool per thread: the shared default pool's deque was about 1 % of decoding.
    private final JsonMapper json = JsonMapper.builder(
                    JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // Payload evolution (ARCHITECTURE §3): new payload fields are optional and a reader skips those it does not
            // know, so a newer writer's facts never become EventRejected for an older reader during a rolling upgrade.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new RecordConstructors())
            .addModule(new SimpleModule("payload-instants").addDeserializer(Instant.class, new PayloadInstants()))
            .build();

    /** Whether a ContextBuilt's context (up to 1 MiB) is kept, or only checked: most readers need its other fields only. */
    public enum Contexts { KEPT, CHECKED_ONLY }

    private final Contexts contexts;

    /** A codec that keeps contexts. */
    public EventCodec() {
        this(Contexts.KEPT);
    }

    public EventCodec(Contexts contexts) {
        this.contexts = contexts;
    }

    /** Payload readers for a parser inside the envelope: the envelope's rest follows, so trailing tokens are expected. */
    private final Map<EventType, ObjectReader> inPlaceReaders = new EnumMap<>(EventType.class);

    {
        for (var type : EventType.values()) {
            inPlaceReaders.put(type, json.readerFor(type.payloadType()).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
        }
    }

    public byte[] encode(Event event) {
        if (event.payload() instanceof Payload.ContextBuilt built && built.context() == RawJson.NOT_KEPT) {
            throw new IllegalArgumentException("event " + event.eventId() + " was read without its context and cannot be written");
        }
        ObjectNode node = json.createObjectNode();
        node.put("event_id", event.eventId().toString());
        node.put("schema_version", event.schemaVersion());
        node.put("time", event.time().toString());
        node.put("tenant_id", event.tenantId());
        node.put("incident_id", event.incidentId());
        node.put("cycle", event.cycle());
        node.put("event_type", event.eventType());
        node.set("payload", event.payload() instanceof Payload.Unknown unknown ? unknown.raw() : json.valueToTree(event.payload()));
        node.putObject("agent").put("name", event.agent().name()).put("version", event.agent().version());
        node.put("idempotency_key", event.idempotencyKey());
        if (event.causationEventId() != null) {
            node.put("causation_event_id", event.causationEventId().toString());
        }
        return json.writeValueAsBytes(node);
    }

    /** Reads the record with this key and value; never throws for bad input. */
    public Decoding decode(String recordKey, byte[] value) {
        return value == null ? decode(recordKey, null, 0, 0) : decode(recordKey, value, 0, value.length);
    }

    /**
     * Reads the record whose value is {@code length} bytes of {@code source} from {@code offset} (a Kafka fetch
     * buffer, read without copying each record out of it; nothing of the event refers to it afterwards); a null
     * source is a record without a value. Never throws for bad input.
     */
    public Decoding decode(String recordKey, byte[] source, int offset, int length) {
        var value = source == null ? null : new Slice(source, offset, length);
        try {
            try {
                return new Decoding.Decoded(read(recordKey, value, true));
            } catch (BindInPlaceFailed failed) {
                // Read again the plain way, so a bad record is refused for the same reason whatever its field order.
                return new Decoding.Decoded(read(recordKey, value, false));
            }
        } catch (Refusal refusal) {
            return new Decoding.Rejected(refusal.getMessage());
        }
    }

    /** Where a record's value lies in a larger array; the parser's byte offsets count from {@code offset}. */
    private record Slice(byte[] array, int offset, int length) {

        String text(long from, long to) {
            return new String(array, offset + (int) from, (int) (to - from), StandardCharsets.UTF_8);
        }

        byte[] bytes(long from, long to) {
            return Arrays.copyOfRange(array, offset + (int) from, offset + (int) to);
        }
    }

    /**
     * Fields by name: the envelope's, or the agent object's. A field's value as read is a String, an Integer (an int
     * number), or a tree for any other kind (null, other numbers, booleans, arrays, objects), which is only ever refused.
     */
    private interface Named {
        Object get(String name);
    }

    /** The envelope's fields as read (a payload only when it is not an object): a slot each, no tree. */
    private static final class Envelope implements Named {
        private final Object[] values = new Object[11];

        /** The slot of an envelope field, or -1 for a name that is not one (read and ignored). */
        static int slot(String name) {
            return switch (name) {
                case "event_id" -> 0;
                case "schema_version" -> 1;
                case "time" -> 2;
                case "tenant_id" -> 3;
                case "incident_id" -> 4;
                case "cycle" -> 5;
                case "event_type" -> 6;
                case "payload" -> 7;
                case "agent" -> 8;
                case "idempotency_key" -> 9;
                case "causation_event_id" -> 10;
                default -> -1;
            };
        }

        void set(String name, Object value) {
            values[slot(name)] = value;
        }

        @Override
        public Object get(String name) {
            return values[slot(name)];
        }
    }

    /** The agent object's two fields as read; any other field of it is checked and ignored. */
    private static final class AgentFields implements Named {
        private Object name;
        private Object version;

        static AgentFields read(JsonParser parser) {
            var agent = new AgentFields();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                var field = parser.currentName();
                var token = parser.nextToken();
                switch (field) { // a repeated name: the last wins, as in a tree read
                    case "name" -> agent.name = value(parser, token);
                    case "version" -> agent.version = value(parser, token);
                    default -> parser.skipChildren();
                }
            }
            return agent;
        }

        @Override
        public Object get(String field) {
            return switch (field) {
                case "name" -> name;
                case "version" -> version;
                default -> null;
            };
        }
    }

    /** The payload did not bind while the envelope was being read. */
    private static final class BindInPlaceFailed extends RuntimeException {
        BindInPlaceFailed() {
            super(null, null, false, false);
        }
    }

    /** A bad record, said in words for EventRejected. */
    private static final class Refusal extends RuntimeException {
        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * @param bindInPlace bind the payload while reading the envelope when the envelope announced its type first (our
     *     writer's order): one pass, no copy of the payload's bytes
     */
    private Event read(String recordKey, Slice value, boolean bindInPlace) {
        if (value == null) {
            throw new Refusal("the record has no value");
        }
        // The envelope is read as a stream: its small fields into nodes, the payload as its own bytes, so a large
        // payload is never built into a tree just to be copied out of it.
        var root = new Envelope();
        byte[] payloadBytes = null;
        Payload.ContextBuilt contextBuilt = null; // read in the same pass when the envelope announced it first
        Payload bound = null;
        long payloadLength = -1;
        try (var parser = json.createParser(value.array(), value.offset(), value.length())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new Refusal("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                var name = parser.currentName();
                var token = parser.nextToken();
                if (name.equals("payload") && token == JsonToken.START_OBJECT) {
                    long start = parser.currentTokenLocation().getByteOffset();
                    var announced = announcedCurrentType(root);
                    if (announced == EventType.CONTEXT_BUILT && bindInPlace) {
                        try {
                            contextBuilt = contextBuilt(parser, value);
                        } catch (Refusal | JacksonException e) {
                            throw new BindInPlaceFailed();
                        }
                    } else if (announced != null && bindInPlace) {
                        try {
                            bound = inPlaceReaders.get(announced).readValue(parser);
                        } catch (JacksonException | IllegalArgumentException e) {
                            throw new BindInPlaceFailed();
                        }
                    } else {
                        payloadBytes = objectBytes(parser, value);
                    }
                    payloadLength = parser.currentLocation().getByteOffset() - start;
                } else if (name.equals("agent") && token == JsonToken.START_OBJECT) {
                    root.set(name, AgentFields.read(parser));
                } else if (Envelope.slot(name) >= 0) {
                    root.set(name, value(parser, token));
                } else {
                    parser.skipChildren(); // a field this reader does not know: checked, not kept
                }
            }
            if (parser.nextToken() != null) {
                throw new Refusal("not JSON: trailing content after the object");
            }
        } catch (JacksonException e) {
            throw new Refusal("not JSON: " + firstLine(e.getOriginalMessage()));
        }
        var tenantId = text(root, "tenant_id");
        var incidentId = text(root, "incident_id");
        checkRecordKey(recordKey, tenantId, incidentId);
        int schemaVersion = integer(root, "schema_version");
        var eventType = text(root, "event_type");
        if (payloadLength < 0) {
            throw new Refusal(isNull(root.get("payload")) ? "payload is missing" : "payload must be an object");
        }
        if (payloadLength > MAX_PAYLOAD_BYTES) {
            throw new Refusal("payload is " + payloadLength + " bytes, over the limit of " + MAX_PAYLOAD_BYTES);
        }
        Payload payload;
        if (contextBuilt != null) {
            payload = contextBuilt;
        } else if (bound != null) {
            payload = bound;
        } else if (schemaVersion > Event.SCHEMA_VERSION) {
            payload = new Payload.Unknown(json.readTree(payloadBytes)); // a newer writer during a rolling upgrade: keep it
        } else {
            var type = EventType.fromWireName(eventType)
                    .orElseThrow(() -> new Refusal("event_type '" + eventType + "' is unknown"));
            payload = payload(type, payloadBytes);
        }
        if (!(root.get("agent") instanceof AgentFields agent)) {
            throw new Refusal("agent is missing");
        }
        var idempotencyKey = text(root, "idempotency_key");
        var eventId = uuid(root, "event_id", true);
        if (!eventId.equals(IdempotencyKey.eventId(eventType, idempotencyKey))) {
            throw new Refusal("event_id " + eventId + " does not derive from event_type and idempotency_key");
        }
        try {
            return new Event(eventId, schemaVersion, instant(root, "time"), tenantId, incidentId, integer(root, "cycle"),
                    eventType, payload, new Event.Agent(text(agent, "name", "agent.name"),
                            text(agent, "version", "agent.version")),
                    idempotencyKey, uuid(root, "causation_event_id", false));
        } catch (IllegalArgumentException e) {
            throw new Refusal(e.getMessage());
        }
    }

    /** A field's value at the parser (see {@link Named}): strings and ints as they are, as a tree read costs a context. */
    private static Object value(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getString();
        }
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            return parser.getIntValue();
        }
        if (token == JsonToken.VALUE_NULL) {
            return JsonNodeFactory.instance.nullNode();
        }
        return parser.readValueAsTree();
    }

    private static boolean isNull(Object value) {
        return value == null || (value instanceof JsonNode node && node.isNull());
    }

    /** The text of the object the parser stands at the start of; the parser is left at its end. */
    private static String objectText(JsonParser parser, Slice source) {
        long start = parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        return source.text(start, parser.currentLocation().getByteOffset());
    }

    /** The bytes of the object the parser stands at the start of; the parser is left at its end. */
    private static byte[] objectBytes(JsonParser parser, Slice source) {
        long start = parser.currentTokenLocation().getByteOffset();
        parser.skipChildren(); // tokenizes (so checks the syntax of) the whole object without building it
        return source.bytes(start, parser.currentLocation().getByteOffset());
    }

    private Payload payload(EventType type, byte[] bytes) {
        if (type == EventType.CONTEXT_BUILT) {
            return contextBuilt(bytes);
        }
        try {
            return json.readValue(bytes, type.payloadType());
        } catch (JacksonException e) {
            throw new Refusal("payload does not match " + type.wireName() + ": " + reason(e));
        }
    }

    /**
     * Our writer puts schema_version and event_type before the payload, so the payload can be read in the same pass:
     * the type announced so far, when it is one this reader knows at its schema version.
     */
    private static EventType announcedCurrentType(Envelope root) {
        if (!(root.get("event_type") instanceof String type) || !(root.get("schema_version") instanceof Integer version)
                || version > Event.SCHEMA_VERSION || version < 1) {
            return null;
        }
        return EventType.fromWireName(type).orElse(null);
    }

    private Payload contextBuilt(byte[] bytes) {
        try (var parser = json.createParser(bytes)) {
            parser.nextToken();
            return contextBuilt(parser, new Slice(bytes, 0, bytes.length));
        }
    }

    /**
     * ContextBuilt from a parser at the payload's start (left at its end) over source: the context, up to 1 MiB,
     * is checked and, unless this codec keeps no contexts, kept as text (see {@link RawJson}).
     */
    private Payload.ContextBuilt contextBuilt(JsonParser parser, Slice source) {
        var reason = "payload does not match ContextBuilt: ";
        RawJson context = null;
        var missing = new ArrayList<String>();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            var name = parser.currentName();
            var token = parser.nextToken();
            if (name.equals("context")) {
                if (token != JsonToken.START_OBJECT) {
                    throw new Refusal(reason + "context must be a JSON object");
                }
                if (contexts == Contexts.KEPT) {
                    context = new RawJson(objectText(parser, source));
                } else {
                    parser.skipChildren(); // checked all the same: a bad context is refused by every reader alike
                    context = RawJson.NOT_KEPT;
                }
            } else if (name.equals("missing_signals")) {
                if (token == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (token != JsonToken.START_ARRAY) {
                    throw new Refusal(reason + "missing_signals must be an array of strings");
                }
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (parser.currentToken() != JsonToken.VALUE_STRING) {
                        throw new Refusal(reason + "missing_signals must be an array of strings");
                    }
                    missing.add(parser.getString());
                }
            } else {
                parser.skipChildren(); // a field of a newer writer: skipped, as by every payload reader
            }
        }
        if (context == null) {
            throw new Refusal(reason + "context is missing");
        }
        return new Payload.ContextBuilt(context, missing);
    }

    /** Our own field checks surface as the cause; Jackson's own messages say which property is wrong. */
    private static String reason(JacksonException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return t.getMessage();
            }
        }
        var path = e.getPath().stream().map(ref -> ref.getPropertyName() != null ? ref.getPropertyName()
                : String.valueOf(ref.getIndex())).reduce((a, b) -> a + "." + b).orElse("");
        return (path.isEmpty() ? "" : path + ": ") + firstLine(e.getOriginalMessage());
    }

    private static void checkRecordKey(String recordKey, String tenantId, String incidentId) {
        if (recordKey == null) {
            throw new Refusal("the record key is missing (expected " + tenantId + "/" + incidentId + ")");
        }
        int slash = recordKey.indexOf('/');
        var keyTenant = slash < 0 ? recordKey : recordKey.substring(0, slash);
        if (!keyTenant.equals(tenantId)) {
            throw new Refusal("the record key's tenant '" + keyTenant + "' differs from tenant_id '" + tenantId + "'");
        }
        if (!recordKey.equals(tenantId + "/" + incidentId)) {
            throw new Refusal("the record key '" + recordKey + "' differs from tenant_id/incident_id '"
                    + tenantId + "/" + incidentId + "'");
        }
    }

    private static String text(Named node, String field) {
        return text(node, field, field);
    }

    private static String text(Named node, String field, String name) {
        var value = node.get(field);
        if (isNull(value) || (value instanceof String text && text.isBlank())) {
            throw new Refusal(name + " is missing");
        }
        if (!(value instanceof String text)) {
            throw new Refusal(name + " must be a string");
        }
        return text;
    }

    private static int integer(Named node, String field) {
        var value = node.get(field);
        if (isNull(value)) {
            throw new Refusal(field + " is missing");
        }
        if (!(value instanceof Integer number)) {
            throw new Refusal(field + " must be an integer");
        }
        return number;
    }

    private static Instant instant(Named node, String field) {
        var text = text(node, field);
        try {
            return InstantText.parse(text);
        } catch (DateTimeParseException e) {
            throw new Refusal(field + " '" + text + "' is not an ISO-8601 instant");
        }
    }

    private static UUID uuid(Named node, String field, boolean required) {
        var value = node.get(field);
        if (isNull(value)) {
            if (required) {
                throw new Refusal(field + " is missing");
            }
            return null;
        }
        if (!(value instanceof String text)) {
            throw new Refusal(field + " is not a UUID");
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new Refusal(field + " is not a UUID");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
