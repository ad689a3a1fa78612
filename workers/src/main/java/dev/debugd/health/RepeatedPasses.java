package dev.debugd.health;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A role's passes on a thread of their own, one {@code every} after the previous ended; a pass that fails (a server
 * away) is tried again after a pause that doubles up to {@code maxBackoff}, with one log line per outage.
 */
public final class RepeatedPasses {

    /** One pass; an exception means a server is away. */
    public interface Pass {
        void run() throws Exception;
    }

    private RepeatedPasses() {}

    /** Starts the passes; closing the handle stops them. */
    public static AutoCloseable start(String thread, Duration every, Duration maxBackoff, OutageLog outage, Pass pass) {
        var scheduler = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, thread));
        scheduler.execute(new Runnable() {
            private Duration pause = every;

            @Override
            public void run() {
                try {
                    pass.run();
                    outage.succeeded();
                    pause = every;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    outage.failed(e);
                    pause = pause.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : pause.multipliedBy(2);
                }
                try {
                    scheduler.schedule(this, pause.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    // stopped
                }
            }
        });
        return () -> {
            scheduler.shutdownNow();
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        };
    }
}
