package dev.debugd.standins.github;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request GitHub would refuse, with the status and message GitHub answers it with; the stand-in sends it as GitHub's
 * error body, the route's documentation URL added. An IllegalStateException, so that the methods a test calls directly
 * ({@link GitHubStandIn#merge(int)}) throw it with GitHub's words.
 */
final class GitHubError extends IllegalStateException {

    private final int status;
    private final List<Map<String, String>> errors;

    GitHubError(int status, String message) {
        this(status, message, List.of());
    }

    private GitHubError(int status, String message, List<Map<String, String>> errors) {
        super(message);
        this.status = status;
        this.errors = errors;
    }

    /**
     * GitHub's 422 "Validation Failed", with one error of its {@code errors} list.
     *
     * @param error the error's keys and values, in GitHub's order: resource, field, code, message
     */
    static GitHubError validationFailed(String... error) {
        var fields = new LinkedHashMap<String, String>();
        for (int i = 0; i < error.length; i += 2) {
            fields.put(error[i], error[i + 1]);
        }
        return new GitHubError(422, "Validation Failed", List.of(fields));
    }

    int status() {
        return status;
    }

    /** The {@code errors} of a 422, empty for other errors. */
    List<Map<String, String>> errors() {
        return errors;
    }
}
