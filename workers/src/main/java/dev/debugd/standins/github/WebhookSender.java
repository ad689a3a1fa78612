package dev.debugd.standins.github;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stand-in's repository webhook: POSTs events to one URL as GitHub does, with GitHub's headers and the body signed
 * with the hook's secret ({@code X-Hub-Signature-256}), on a background thread, one delivery after the other. Keeps
 * every delivery, and re-sends one on request with the same delivery id and body, as GitHub's "Redeliver" does.
 */
final class WebhookSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    /** GitHub gives up on a delivery the receiver has not answered in 10 seconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String USER_AGENT = "GitHub-Hookshot/debugd-stand-in";

    /** A payload, worked out on the sending thread so that a merge does not wait for its webhook. */
    interface Payload {
        String json() throws IOException;
    }

    private record Hook(URI url, String secret) {}

    // GitHub delivers over HTTP/1.1; the JDK client would otherwise offer an upgrade to HTTP/2.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
            .build();
    private final ExecutorService sending = Executors.newSingleThreadExecutor(task -> {
        var thread = new Thread(task, "github-stand-in-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    private final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();
    private volatile Optional<Hook> hook = Optional.empty();

    void deliverTo(URI url, String secret) {
        hook = Optional.of(new Hook(url, secret));
    }

    /** Sends an event to the hook's URL; nothing without a hook, as GitHub sends nothing. */
    void send(String event, String action, Payload payload) {
        var to = hook;
        if (to.isEmpty()) {
            return;
        }
        sending.execute(() -> {
            String json;
            try {
                json = payload.json();
            } catch (IOException e) {
                LOG.warn("GitHub stand-in: cannot make the {} {} payload: {}", event, action, e.toString());
                return;
            }
            deliver(to.get(), UUID.randomUUID(), event, action, json, false);
        });
    }

    /** Re-sends a delivery to the hook's URL as it is now: the same delivery id and body, signed with its secret. */
    void redeliver(UUID id) {
        var original = deliveries.stream().filter(delivery -> delivery.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no webhook delivery " + id));
        var to = hook.orElseThrow();
        sending.execute(() -> deliver(to, id, original.event(), original.action(), original.body(), true));
    }

    List<WebhookDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** GitHub's {@code X-Hub-Signature-256}: the HMAC-SHA256 of the body's bytes with the secret, in hex. */
    static String signature(byte[] body, String secret) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HmacSHA256 in this JDK", e);
        }
    }

    @Override
    public void close() {
        sending.shutdownNow();
    }

    private void deliver(Hook to, UUID id, String event, String action, String json, boolean redelivery) {
        var body = json.getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(to.url()).timeout(TIMEOUT)
                .header("User-Agent", USER_AGENT)
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", id.toString())
                .header("X-Hub-Signature-256", signature(body, to.secret()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        var status = OptionalInt.empty();
        try {
            status = OptionalInt.of(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            LOG.info("GitHub stand-in: {} webhook to {} not delivered: {}", event, to.url(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the stand-in is closing
            return;
        }
        deliveries.add(new WebhookDelivery(id, event, action, json, redelivery, to.url(), status));
    }
}
