package dev.debugd.operator.bench;

import dev.debugd.bench.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Runs pieces of work at once on a fixed number of threads. */
final class Parallel {

    /** Work that may throw anything; the first failure ends the run. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    private Parallel() {}

    /**
     * Runs every piece, each one's time measured from the start of them all to its own end (queueing behind the others
     * included, as a resource applied among many waits for the operator), in the order given.
     */
    static List<Duration> run(int threads, List<Work> work, Progress progress) throws Exception {
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var done = new AtomicLong();
            long start = System.nanoTime();
            var futures = new ArrayList<Future<Duration>>();
            for (var piece : work) {
                futures.add(pool.submit(() -> {
                    piece.run();
                    var took = Duration.ofNanos(System.nanoTime() - start);
                    progress.tick(done.incrementAndGet(), work.size());
                    return took;
                }));
            }
            var times = new ArrayList<Duration>();
            for (var future : futures) {
                try {
                    times.add(future.get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return times;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
