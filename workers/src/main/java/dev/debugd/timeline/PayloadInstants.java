package dev.debugd.timeline;

import java.time.Instant;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;

/**
 * Instants inside payloads (a detection's episode start, an evaluation's window). Jackson's own deserializer parses
 * each through a DateTimeFormatter, about a microsecond; the spelling our writer uses is read by {@link InstantText},
 * and every other token or spelling still goes to Jackson's, so both accept and refuse the same input.
 */
final class PayloadInstants extends ValueDeserializer<Instant> {

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            var instant = InstantText.canonical(parser.getString());
            if (instant != null) {
                return instant;
            }
        }
        return InstantDeserializer.INSTANT.deserialize(parser, context);
    }
}
