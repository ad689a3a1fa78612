package dev.debugd.detect.rules;

import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * An episode's start: the first anomalous bucket of a run for (tenant, service, rule, signature). Its id is a pure
 * function of those (ARCHITECTURE §7), so detecting again over the same evidence finds the same incident.
 *
 * @param signature empty for the service-wide error-rate rule
 * @param figures   the evidence figures that made the bucket anomalous
 */
public record Detection(String tenant, String service, String rule, String signature, int signatureVersion, long bucket,
        Instant episodeStart, Instant watermark, Map<String, Double> figures) {

    public static final String NOVELTY = "novelty";
    public static final String SPIKE = "frequency_spike";
    public static final String ERROR_RATE = "error_rate";

    public Detection {
        figures = Map.copyOf(figures);
    }

    /** The version of these rules, recorded as the detector's agent version. */
    public static final String RULES_VERSION = "1";

    /**
     * The IncidentDetected fact: its incident is the episode, its time the bucket's watermark (when it could first be
     * known), so detecting again writes the very same event.
     */
    public Event event() {
        var title = switch (rule) {
            case NOVELTY -> "New error in " + service + " after a deploy";
            case SPIKE -> "Spike of a known error in " + service;
            default -> "Failed requests above their usual share in " + service;
        };
        var payload = new Payload.IncidentDetected(service, signature, signatureVersion, rule, episodeStart, figures, "detector",
                title);
        return Event.create(watermark, tenant, episodeId(), 1, payload, new Event.Agent("detector", RULES_VERSION),
                IdempotencyKey.episode(tenant, episodeId()), null);
    }

    /** Names the episode: tenant, service, rule, signature and version, and the first anomalous bucket's start. */
    public String episodeId() {
        var identity = String.join("\n", tenant, service, rule, signature, String.valueOf(signatureVersion),
                String.valueOf(episodeStart.getEpochSecond()));
        try {
            var hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "ep-" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
