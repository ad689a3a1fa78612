package dev.debugd.standins.github;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * One operation of the stand-in's API: its method, its path, where GitHub documents it (the {@code documentation_url}
 * of its errors), and what answers it.
 */
record Route(String method, Pattern path, String documentation, Handler handler) {

    /** Answers a request, or throws the {@link GitHubError} GitHub would answer. */
    interface Handler {
        Response answer(Call call) throws IOException;
    }

    /** A request as its route sees it: the path's groups, the query and the JSON body (an empty object for none). */
    record Call(Matcher path, String rawQuery, JsonNode body) {

        String group(int group) {
            return path.group(group);
        }

        Optional<String> parameter(String name) {
            if (rawQuery == null) {
                return Optional.empty();
            }
            for (var pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                var key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                if (key.equals(name)) {
                    var value = equals < 0 ? "" : pair.substring(equals + 1);
                    return Optional.of(URLDecoder.decode(value, StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        }

        /** A string of the body; absent when missing or null, as GitHub treats a null it does not require. */
        Optional<String> text(String field) {
            var value = body.path(field);
            if (value.isMissingNode() || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isString()) {
                throw invalid(field);
            }
            return Optional.of(value.asString());
        }

        /** A string GitHub requires: 422 with GitHub's schema message when it is not there. */
        String required(String field) {
            return text(field)
                    .orElseThrow(() -> new GitHubError(422, "Invalid request.\n\n\"" + field + "\" wasn't supplied."));
        }

        static GitHubError invalid(String field) {
            return new GitHubError(422, "Invalid request.\n\nInvalid input for \"" + field + "\".");
        }
    }
}
