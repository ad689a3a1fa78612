package dev.debugd.standins.llm;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A request an LLM stand-in received, as it came. The API key's value is never kept: {@code keyPresent} only says
 * whether the provider's key header was there, and {@code headers} (names in lower case) leaves it out.
 *
 * @param body the body as JSON; a body that is not JSON is kept as one JSON string
 * @param jsonSchema the JSON schema the request asked the answer to follow, if it asked for structured output
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, boolean keyPresent,
        JsonNode body, Optional<JsonNode> jsonSchema) {

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT))).flatMap(values -> values.stream().findFirst());
    }

    public Optional<String> model() {
        var model = body.path("model");
        return model.isString() ? Optional.of(model.asString()) : Optional.empty();
    }

    public boolean streaming() {
        return body.path("stream").asBoolean(false);
    }

    public boolean structured() {
        return jsonSchema.isPresent();
    }
}
