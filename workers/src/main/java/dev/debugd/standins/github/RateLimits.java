package dev.debugd.standins.github;

import com.sun.net.httpserver.Headers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * GitHub's rate limits as a client sees them. The primary limit is counted and told in GitHub's
 * {@code X-RateLimit-*} headers on every response but never enforced: the demo makes a few hundred requests an hour.
 * Secondary limits come on demand, so that a client's back-off can be tested: the next requests answered with GitHub's
 * 403 (or a 429) and a {@code Retry-After}.
 */
final class RateLimits {

    /** An authenticated user's primary limit, per hour. */
    private static final int LIMIT = 5000;
    private static final Duration WINDOW = Duration.ofHours(1);

    /** A request turned away: its status, 403 or 429, and how long the client is told to wait. */
    record Refusal(int status, Duration retryAfter) {}

    private Instant reset = Instant.MIN;
    private int used;
    private int refusalsLeft;
    private Refusal refusal;

    /** Turns the next {@code count} requests away, whatever their method. */
    synchronized void refuseNext(int count, int status, Duration retryAfter) {
        if (status != 403 && status != 429) {
            throw new IllegalArgumentException("GitHub's secondary rate limits answer 403 or 429, not " + status);
        }
        if (count < 0 || retryAfter.isNegative()) {
            throw new IllegalArgumentException("a count and a wait of at least zero, not " + count + " and " + retryAfter);
        }
        refusalsLeft = count;
        refusal = new Refusal(status, retryAfter);
    }

    /** Counts a request and sets its rate-limit headers; the refusal, if it is to be turned away. */
    synchronized Optional<Refusal> count(Headers headers) {
        var now = Instant.now();
        if (!now.isBefore(reset)) {
            reset = now.plus(WINDOW).truncatedTo(ChronoUnit.SECONDS);
            used = 0;
        }
        used++;
        headers.set("X-RateLimit-Limit", Integer.toString(LIMIT));
        headers.set("X-RateLimit-Remaining", Integer.toString(Math.max(0, LIMIT - used)));
        headers.set("X-RateLimit-Used", Integer.toString(used));
        headers.set("X-RateLimit-Reset", Long.toString(reset.getEpochSecond()));
        headers.set("X-RateLimit-Resource", "core");
        if (refusalsLeft == 0) {
            return Optional.empty();
        }
        refusalsLeft--;
        headers.set("Retry-After", Long.toString(refusal.retryAfter().toSeconds()));
        return Optional.of(refusal);
    }
}
