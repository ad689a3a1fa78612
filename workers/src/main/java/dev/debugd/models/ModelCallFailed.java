package dev.debugd.models;

import java.time.Duration;
import java.util.Optional;

/**
 * A request to a model that got no answer: retryable (a timeout, 429, 5xx) or not (401, 400, an unknown model), with
 * the pause the provider asked for ({@code retry-after}) when it named one. The message never holds the key.
 */
public final class ModelCallFailed extends Exception {

    private final boolean retryable;
    private final transient Optional<Duration> retryAfter;

    public ModelCallFailed(String message, boolean retryable, Optional<Duration> retryAfter) {
        super(message);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
