package dev.debugd.webhooks;

import dev.debugd.proposals.GitHubWebhookEvents;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/webhooks/github/{integration}}: GitHub's deliveries for one Integration. The signature
 * ({@code X-Hub-Signature-256}, HMAC-SHA256 of the raw body with the Integration's webhook secret) is checked, in constant
 * time, before anything of the body is read; then {@link GitHubWebhookEvents} says what the delivery comes to, and a fact
 * is written to the timeline before the answer (a delivery GitHub sends again records the same fact, by its key).
 */
@RestController
public final class GitHubWebhookEndpoints {

    /** Larger deliveries are refused: a pull_request event is tens of KiB. */
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(GitHubWebhookEndpoints.class);
    private static final String PREFIX = "sha256=";

    /** The Integrations deliveries are addressed to, as recorded. */
    public interface Integrations {
        /** The GitHub Integration of this name, or empty when none (or several tenants') has it. */
        Optional<Integration> github(String name);
    }

    /** An Integration's tenant, repository, and webhook secret (empty when it names none, or the Secret is not there). */
    public record Integration(String tenant, String repository, Optional<String> secret) {}

    private final Integrations integrations;
    private final Consumer<List<Event>> timeline;

    /** @param timeline writes events and returns once Kafka acknowledged them */
    public GitHubWebhookEndpoints(Integrations integrations, Consumer<List<Event>> timeline) {
        this.integrations = integrations;
        this.timeline = timeline;
    }

    @Operation(summary = "GitHub's deliveries for a GitHub Integration, signed with its webhook secret")
    @PostMapping("/v1/webhooks/github/{integration}")
    public ResponseEntity<Map<String, Object>> receive(@PathVariable("integration") String name, HttpServletRequest request)
            throws IOException {
        var integration = integrations.github(name);
        if (integration.isEmpty()) {
            return answer(HttpStatus.NOT_FOUND, "error", "no GitHub Integration '" + name + "'");
        }
        if (integration.get().secret().isEmpty()) {
            return answer(HttpStatus.UNAUTHORIZED, "error", "Integration '" + name + "' has no webhook secret to check deliveries with");
        }
        var body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            return answer(HttpStatus.CONTENT_TOO_LARGE, "error", "the body is over " + MAX_BODY_BYTES + " bytes");
        }
        var delivery = Optional.ofNullable(request.getHeader("X-GitHub-Delivery")).orElse("");
        if (!signed(body, request.getHeader("X-Hub-Signature-256"), integration.get().secret().get())) {
            LOG.warn("webhooks: a delivery to Integration {} (delivery '{}') is not signed with its secret; refused", name, delivery);
            return answer(HttpStatus.UNAUTHORIZED, "error", "X-Hub-Signature-256 is missing or does not match the body");
        }
        var outcome = GitHubWebhookEvents.read(integration.get().tenant(), integration.get().repository(),
                request.getHeader("X-GitHub-Event"), body);
        if (outcome instanceof GitHubWebhookEvents.Outcome.Refused refused) {
            LOG.warn("webhooks: delivery {} to Integration {} refused: {}", delivery, name, refused.reason());
            return answer(HttpStatus.valueOf(refused.status()), "error", refused.reason());
        }
        if (outcome instanceof GitHubWebhookEvents.Outcome.Ignored ignored) {
            return answer(HttpStatus.ACCEPTED, "ignored", ignored.why());
        }
        var fact = ((GitHubWebhookEvents.Outcome.Fact) outcome).event();
        try {
            timeline.accept(List.of(fact));
        } catch (IllegalStateException e) {
            LOG.warn("webhooks: the timeline refused delivery {}'s {}: {}", delivery, fact.eventType(), e.getMessage());
            return answer(HttpStatus.SERVICE_UNAVAILABLE, "error", "the timeline is unavailable; GitHub may deliver it again");
        }
        if (fact.payload() instanceof Payload.DeploymentSucceeded deployed) {
            LOG.info("webhooks: delivery {} to Integration {}: {} of {} to {}", delivery, name, fact.eventType(), deployed.sha(),
                    deployed.environment());
        } else {
            LOG.info("webhooks: delivery {} to Integration {}: {} for incident {} (cycle {})", delivery, name, fact.eventType(),
                    fact.incidentId(), fact.cycle());
        }
        var recorded = answer(HttpStatus.ACCEPTED, "recorded", fact.eventType());
        recorded.getBody().put("event_id", fact.eventId().toString());
        return recorded;
    }

    /** Whether the header is {@code sha256=} and the HMAC of the body, compared in constant time. */
    static boolean signed(byte[] body, String header, String secret) {
        return header != null && header.startsWith(PREFIX) && HmacSignatures.matches(body, header.substring(PREFIX.length()), secret);
    }

    private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String key, Object value) {
        var body = new LinkedHashMap<String, Object>();
        body.put(key, value);
        return ResponseEntity.status(status).body(body);
    }
}
