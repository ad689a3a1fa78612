package dev.debugd.operator.bench;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** Asks a question on a scheduler, every interval, until the answer is the awaited one or the time is up. */
final class Polling {

    private Polling() {}

    /** The awaited answer, or the last one when the time ran out (the caller says what was missing). */
    static <T> T until(Duration interval, Duration timeout, Callable<T> ask, Predicate<T> awaited) throws Exception {
        var scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "bench-poll");
            thread.setDaemon(true);
            return thread;
        });
        var last = new AtomicReference<T>();
        var answered = new CompletableFuture<T>();
        try {
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    var answer = ask.call();
                    last.set(answer);
                    if (awaited.test(answer)) {
                        answered.complete(answer);
                    }
                } catch (Exception e) {
                    answered.completeExceptionally(e);
                }
            }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
            return answered.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return last.get() != null ? last.get() : ask.call();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            scheduler.shutdownNow();
        }
    }
}
