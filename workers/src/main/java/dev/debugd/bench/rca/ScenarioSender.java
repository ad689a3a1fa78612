package dev.debugd.bench.rca;

import dev.debugd.evidence.BucketGrid;
import dev.debugd.ingest.EvidenceStore;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends the scenarios' evidence as shippers do, at the end of each bucket, in waves of scenarios run at once, and waits
 * for each wave's answers before the next starts.
 */
final class ScenarioSender {

    /** Stores at once: as many as the harness's pool has connections. */
    static final int SENDERS = 8;

    private final EvidenceStore store;
    private final BucketGrid grid;
    private final PrintStream progress;
    private final String runId;

    ScenarioSender(EvidenceStore store, BucketGrid grid, PrintStream progress, String runId) {
        this.store = store;
        this.grid = grid;
        this.progress = progress;
        this.runId = runId;
    }

    /**
     * @param failure the pipeline's failure, if it stopped: sending stops too
     */
    void send(Map<String, RcaScenario> byTenant, int parallel, TimelineWatch watch, Duration answerTimeout,
            Supplier<Exception> failure) throws Exception {
        var tenants = List.copyOf(byTenant.keySet());
        var senders = Executors.newFixedThreadPool(SENDERS);
        var shipper = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int from = 0; from < tenants.size(); from += parallel) {
                var wave = tenants.subList(from, Math.min(tenants.size(), from + parallel));
                long first = grid.bucketOf(Instant.now()) + 2;
                int buckets = wave.stream().mapToInt(t -> ScenarioTraffic.buckets(byTenant.get(t))).max().orElseThrow();
                progress.printf("rca: scenarios %d–%d of %d: %d buckets of %ds from %s …%n", from + 1, from + wave.size(),
                        tenants.size(), buckets, grid.widthSeconds(), grid.start(first));
                // Each bucket goes out just after its end, as a shipper sends it.
                var shipped = new ArrayList<ScheduledFuture<?>>();
                for (int b = 0; b < buckets; b++) {
                    int bucket = b;
                    long delay = Duration.between(Instant.now(), grid.end(first + b).plusMillis(50)).toMillis();
                    shipped.add(shipper.schedule(() -> {
                        sendBucket(senders, byTenant, wave, first, bucket);
                        return null;
                    }, delay, TimeUnit.MILLISECONDS));
                }
                for (var bucket : shipped) {
                    bucket.get();
                    if (failure.get() != null) {
                        throw failure.get();
                    }
                }
                var deadline = grid.end(first + buckets - 1).plus(grid.lateness()).plus(answerTimeout);
                watch.awaitAnswered(wave, deadline, failure);
                progress.printf("rca: %d of %d answered%n", wave.stream().filter(watch::answered).count(), wave.size());
            }
        } finally {
            shipper.shutdownNow();
            senders.shutdownNow();
        }
    }

    private void sendBucket(ExecutorService senders, Map<String, RcaScenario> byTenant, List<String> wave, long first, int b)
            throws Exception {
        var sends = new ArrayList<Future<EvidenceStore.Outcome>>();
        for (var tenant : wave) {
            var scenario = byTenant.get(tenant);
            if (b >= ScenarioTraffic.buckets(scenario)) {
                continue;
            }
            var evidence = ScenarioTraffic.bucket(scenario, grid, first, b);
            var batchId = "rca-" + runId + "-" + tenant + "-" + b;
            sends.add(senders.submit(() -> store.store(tenant, batchId, RcaBenchmark.sha256(batchId + evidence), evidence)));
        }
        for (var send : sends) {
            var outcome = send.get();
            if (!(outcome instanceof EvidenceStore.Stored stored) || stored.counts().late() > 0) {
                throw new IllegalStateException("a scenario's bucket was not stored on time: " + outcome
                        + " (a slow machine: try --bucket-seconds 4)");
            }
        }
    }
}
