package dev.debugd.cli;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** Retries of an HTTP call, with a pause that doubles up to a limit, while the server is away or asks to be retried. */
final class HttpRetry {

    private HttpRetry() {}

    /**
     * Retries that say on standard error why each attempt failed.
     *
     * @param again an answer that means "try again" (a 503, or not healthy yet); any other answer is returned
     */
    static Retry backingOff(String name, Duration first, Duration max, int attempts, Predicate<HttpResponse<?>> again) {
        var retry = quietlyBackingOff(name, first, max, attempts, again);
        retry.getEventPublisher().onRetry(event -> System.err.printf("%s: attempt %d failed (%s); trying again in %d ms%n", name,
                event.getNumberOfRetryAttempts(), event.getLastThrowable() == null ? "asked to retry" : event.getLastThrowable().toString(),
                event.getWaitInterval().toMillis()));
        return retry;
    }

    /** Retries for failures that are expected (a server still starting), which are not worth a line each. */
    static Retry quietlyBackingOff(String name, Duration first, Duration max, int attempts, Predicate<HttpResponse<?>> again) {
        var config = RetryConfig.<HttpResponse<?>>custom()
                .maxAttempts(attempts)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(first, 2.0, max))
                .retryExceptions(IOException.class)
                .retryOnResult(again)
                .build();
        return Retry.of(name, config);
    }
}
