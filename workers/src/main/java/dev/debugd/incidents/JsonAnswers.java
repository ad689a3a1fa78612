package dev.debugd.incidents;

import dev.debugd.access.ApiTokens;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** How the incident endpoints answer: a JSON body with its status, an error as {"error": sentence}. */
final class JsonAnswers {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonAnswers() {}

    static ResponseEntity<String> json(HttpStatus status, JsonNode body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(body));
    }

    static ResponseEntity<String> error(HttpStatus status, String message) {
        return json(status, JSON.createObjectNode().put("error", message));
    }

    /** The answer to a token that is refused: 401, 403 or 503 with its reason. */
    static ResponseEntity<String> refused(ApiTokens.Authorization authorization) {
        return error(HttpStatus.valueOf(authorization.status()), authorization.refusal());
    }

    /** A query parameter's whole number: {@code absent} when it is not given, -1 when it is not a whole number. */
    static long wholeNumber(String text, long absent) {
        if (text == null) {
            return absent;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
