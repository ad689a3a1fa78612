package dev.debugd.integrations.sentry;

import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sentry's REST API as the context builder reads it: an issue's latest event, with the Integration's token (a Secret's)
 * as a bearer. Sentry's own service unless the Integration names a self-hosted one ({@code apiUrl}).
 */
public final class SentryApi {

    public static final URI PUBLIC = URI.create("https://sentry.io");
    private static final Pattern ISSUE_ID = Pattern.compile("^[A-Za-z0-9-]{1,64}$");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private SentryApi() {}

    /**
     * The body of {@code GET /api/0/issues/{issue}/events/latest/}; empty when Sentry has no such issue or event (404).
     *
     * @throws IOException for any other answer, saying its status (never the token)
     */
    public static Optional<byte[]> latestEvent(IntegrationSpec integration, Optional<String> token, String issueId)
            throws IOException, InterruptedException {
        if (!ISSUE_ID.matcher(issueId).matches()) {
            throw new IllegalArgumentException("'" + issueId + "' is not a Sentry issue id");
        }
        var base = (integration.apiUrl() == null ? PUBLIC.toString() : integration.apiUrl()).replaceFirst("/+$", "");
        var request = HttpRequest.newBuilder(URI.create(base + "/api/0/issues/" + issueId + "/events/latest/")).timeout(TIMEOUT)
                .header("Accept", "application/json").GET();
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("Sentry answered " + response.statusCode() + " for the latest event of issue " + issueId);
        }
        return Optional.of(response.body());
    }
}
