package dev.debugd.webhooks;

import dev.debugd.evidence.Evidence;
import dev.debugd.ingest.EvidenceStore;
import dev.debugd.integrations.sentry.SentryIssues;
import dev.debugd.operator.api.v1alpha1.SentryProject;
import dev.debugd.sentry.SentryWebhookEvents;
import dev.debugd.sentry.SentryWebhookEvents.Outcome;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/webhooks/sentry/{integration}}: Sentry's deliveries for one sentry Integration. The signature
 * ({@code Sentry-Hook-Signature}, the hex HMAC-SHA256 of the raw body with the Integration's client secret) is checked
 * in constant time before anything of the body is read; then {@link SentryWebhookEvents} says what the delivery comes
 * to: an event's exception is stored as evidence, signed like any other, under the batch id of its event (so the same
 * event from two hooks, or delivered twice, is stored once); an issue.created links the issue to its project.
 */
@RestController
public final class SentryWebhookEndpoints {

    /** Larger deliveries are refused: an event with its frames and context is tens of KiB. */
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(SentryWebhookEndpoints.class);

    /** The sentry Integrations deliveries are addressed to, as recorded. */
    public interface Integrations {
        /** The sentry Integration of this name, or empty when none (or several tenants') has it. */
        Optional<Integration> sentry(String name);
    }

    /** An Integration's tenant, projects and client secret (empty when it names none, or the Secret is not there). */
    public record Integration(String tenant, List<SentryProject> projects, Optional<String> secret) {}

    private final Integrations integrations;
    private final EvidenceStore store;
    private final SentryIssues issues;
    private final Clock clock;

    public SentryWebhookEndpoints(Integrations integrations, EvidenceStore store, SentryIssues issues, Clock clock) {
        this.integrations = integrations;
        this.store = store;
        this.issues = issues;
        this.clock = clock;
    }

    @Operation(summary = "Sentry's deliveries for a sentry Integration, signed with its client secret: events become evidence")
    @PostMapping("/v1/webhooks/sentry/{integration}")
    public ResponseEntity<Map<String, Object>> receive(@PathVariable("integration") String name, HttpServletRequest request)
            throws IOException, InterruptedException {
        var integration = integrations.sentry(name);
        if (integration.isEmpty()) {
            return answer(HttpStatus.NOT_FOUND, "error", "no sentry Integration '" + name + "'");
        }
        if (integration.get().secret().isEmpty()) {
            return answer(HttpStatus.UNAUTHORIZED, "error", "Integration '" + name + "' has no client secret to check deliveries with");
        }
        var body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            return answer(HttpStatus.CONTENT_TOO_LARGE, "error", "the body is over " + MAX_BODY_BYTES + " bytes");
        }
        if (!HmacSignatures.matches(body, request.getHeader("Sentry-Hook-Signature"), integration.get().secret().get())) {
            LOG.warn("webhooks: a Sentry delivery to Integration {} is not signed with its client secret; refused", name);
            return answer(HttpStatus.UNAUTHORIZED, "error", "Sentry-Hook-Signature is missing or does not match the body");
        }
        var tenant = integration.get().tenant();
        var resource = Optional.ofNullable(request.getHeader("Sentry-Hook-Resource")).orElse("");
        try {
            var outcome = SentryWebhookEvents.read(resource, body, integration.get().projects(), issueId -> project(tenant, issueId));
            if (outcome instanceof Outcome.Refused refused) {
                LOG.warn("webhooks: a Sentry {} delivery to Integration {} refused: {}", resource, name, refused.reason());
                return answer(HttpStatus.valueOf(refused.status()), "error", refused.reason());
            }
            if (outcome instanceof Outcome.Ignored ignored) {
                return answer(HttpStatus.ACCEPTED, "ignored", ignored.why());
            }
            if (outcome instanceof Outcome.IssueLink link) {
                issues.link(tenant, name, link.issueId(), link.shortId(), link.title(), link.project(), link.service(), clock.instant());
                LOG.info("webhooks: Sentry issue {} ({}) of Integration {}: project {}, service {}", link.shortId(), link.issueId(), name,
                        link.project(), link.service());
                var recorded = answer(HttpStatus.ACCEPTED, "recorded", "issue");
                recorded.getBody().put("issue_id", link.issueId());
                return recorded;
            }
            return store(name, tenant, (Outcome.Evidence) outcome);
        } catch (IOException | SQLException | UncheckedIOException e) {
            LOG.warn("webhooks: a Sentry delivery to Integration {} could not be kept: {}", name, e.getMessage());
            return answer(HttpStatus.SERVICE_UNAVAILABLE, "error", "the evidence store is unavailable; Sentry may deliver it again");
        }
    }

    private ResponseEntity<Map<String, Object>> store(String name, String tenant, Outcome.Evidence evidence)
            throws IOException, InterruptedException, SQLException {
        var exception = evidence.exception();
        // The content the batch id stands for: the evidence read from the event, not the delivery (two hooks wrap one
        // event differently).
        var stored = store.store(tenant, evidence.batchId(), sha256(exception.toString()),
                new Evidence(List.of(), List.of(exception), List.of()));
        if (stored instanceof EvidenceStore.Conflict conflict) {
            return answer(HttpStatus.CONFLICT, "error", conflict.reason());
        }
        var signature = store.signatureOf(tenant, exception);
        if (!evidence.issueId().isEmpty()) {
            issues.signed(tenant, name, evidence.issueId(), exception.type() + ": " + exception.message(), exception.service(), signature,
                    clock.instant());
        }
        var duplicate = stored instanceof EvidenceStore.Duplicate;
        var counts = duplicate ? ((EvidenceStore.Duplicate) stored).counts() : ((EvidenceStore.Stored) stored).counts();
        if (!duplicate) {
            LOG.info("webhooks: Sentry event {} of Integration {} stored for {} as signature {}", evidence.eventId(), name,
                    exception.service(), signature);
        }
        var answer = answer(duplicate ? HttpStatus.OK : HttpStatus.ACCEPTED, "batch_id", evidence.batchId());
        answer.getBody().put("duplicate", duplicate);
        answer.getBody().put("service", exception.service());
        answer.getBody().put("signature", signature);
        answer.getBody().put("stored", Map.of("exceptions", counts.exceptions(), "late", counts.late()));
        return answer;
    }

    private Optional<String> project(String tenant, String issueId) {
        try {
            return issues.project(tenant, issueId);
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String key, Object value) {
        var body = new LinkedHashMap<String, Object>();
        body.put(key, value);
        return ResponseEntity.status(status).body(body);
    }
}
