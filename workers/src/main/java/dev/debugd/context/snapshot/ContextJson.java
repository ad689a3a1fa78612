package dev.debugd.context.snapshot;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The context's JSON form, as {@code ContextBuilt} stores it: snake_case fields in the records' order, instants as
 * ISO-8601 text, so the same context is the same bytes. Readers ignore fields they do not know (a newer builder's).
 */
public final class ContextJson {

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ContextJson() {}

    public static String write(Context context) {
        return JSON.writeValueAsString(context);
    }

    /** The context a ContextBuilt carries; the message says what is wrong with one that cannot be read. */
    public static Context read(String json) {
        try {
            return JSON.readValue(json, Context.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a context: " + e.getOriginalMessage(), e);
        }
    }
}
