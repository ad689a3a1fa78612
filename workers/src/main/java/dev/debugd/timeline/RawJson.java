package dev.debugd.timeline;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.databind.JsonNode;

/**
 * A JSON object kept as the text it came as. A ContextBuilt's context holds up to 1 MiB that few readers open,
 * so the codec checks its syntax and keeps it as text instead of building a tree on every read.
 */
public record RawJson(String json) {

    public static final RawJson EMPTY = new RawJson("{}");

    /**
     * What a reader that needs only a ContextBuilt's other fields holds instead of its context: the context was
     * checked like any other and then dropped. Such an event cannot be written again (see EventCodec#encode).
     */
    public static final RawJson NOT_KEPT = new RawJson("{\"not_kept\":\"checked by a reader that keeps no contexts\"}");

    public RawJson {
        Fields.text(json, "context");
        if (json.charAt(0) != '{' || json.charAt(json.length() - 1) != '}') {
            throw new IllegalArgumentException("context must be a JSON object");
        }
    }

    public static RawJson of(JsonNode object) {
        return new RawJson(object.toString());
    }

    @JsonValue
    @JsonRawValue
    @Override
    public String json() {
        return json;
    }
}
