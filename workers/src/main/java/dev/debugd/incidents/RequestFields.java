package dev.debugd.incidents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person's request body: a JSON object of known text fields, each required and bounded, read with one reason per
 * problem, each naming its field. Pure.
 */
final class RequestFields {

    /** What a client's request id may be: it names the fact, so it is kept short and plain. */
    static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final String REQUEST_ID_FIELD = "client_request_id";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The fields' values by name, or the reasons the body is refused. */
    record Read(Map<String, String> values, List<String> reasons) {
        boolean valid() {
            return reasons.isEmpty();
        }
    }

    private RequestFields() {}

    /** @param fields each field with its longest length, in the order reasons name them */
    static Read read(byte[] body, Map<String, Integer> fields) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return new Read(Map.of(), List.of("the body is not JSON: " + e.getOriginalMessage().lines().findFirst().orElse("")));
        }
        var expected = String.join(", ", fields.keySet());
        if (root == null || !root.isObject()) {
            return new Read(Map.of(), List.of("the body must be a JSON object with " + expected));
        }
        var reasons = new ArrayList<String>();
        for (var name : root.propertyNames()) {
            if (!fields.containsKey(name)) {
                reasons.add(name + ": unknown field (expected " + expected + ")");
            }
        }
        var values = new LinkedHashMap<String, String>();
        fields.forEach((field, max) -> {
            var value = root.get(field);
            if (value == null || value.isNull() || (value.isString() && value.asString().isBlank())) {
                reasons.add(field + ": is missing");
            } else if (!value.isString()) {
                reasons.add(field + ": must be a string");
            } else if (value.asString().length() > max) {
                reasons.add(field + ": is over " + max + " characters");
            } else if (field.equals(REQUEST_ID_FIELD) && !REQUEST_ID.matcher(value.asString()).matches()) {
                reasons.add(REQUEST_ID_FIELD + ": must be 1-128 letters, digits and . _ : -");
            } else {
                values.put(field, value.asString());
            }
        });
        return reasons.isEmpty() ? new Read(Map.copyOf(values), List.of()) : new Read(Map.of(), List.copyOf(reasons));
    }
}
