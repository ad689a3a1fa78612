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
     * Sends one pass of scenarios, each in its tenant, and waits for their answers; returns when the pass began (its
     * answers are of incidents whose episodes began from then on).
     *
     * @param pass    names the pass in the batch ids (a tenant may run a scenario in each pass)
     * @param failure the pipeline's failure, if it stopped: sending stops too
     */
    Instant send(String pass, Map<String, RcaScenario> byTenant, int parallel, TimelineWatch watch, Duration answerTimeout,
            Supplier<Exception> failure) throws Exception {
        var tenants = List.copyOf(byTenant.keySet());
        var since = grid.start(grid.bucketOf(Instant.now()) + 1);
        var senders = Executors.newFixedThreadPool(SENDERS);
        var shipper = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int from = 0; from < tenants.size(); from += parallel) {
                var wave = tenants.subList(from, Math.min(tenants.size(), from + parallel));
                long first = grid.bucketOf(Instant.now()) + 2;
                int buckets = wave.stream().mapToInt(t -> ScenarioTraffic.buckets(byTenant.get(t))).max().orElseThrow();
                progress.printf("rca: %s scenarios %d–%d of %d: %d buckets of %ds from %s …%n", pass, from + 1, from + wave.size(),
                        tenants.size(), buckets, grid.widthSeconds(), grid.start(first));
                // Each bucket goes out just after its end, as a shipper sends it.
                var shipped = new ArrayList<ScheduledFuture<?>>();
                for (int b = 0; b < buckets; b++) {
                    int bucket = b;
                    long delay = Duration.between(Instant.now(), grid.end(first + b).plusMillis(50)).toMillis();
                    shipped.add(shipper.schedule(() -> {
                        sendBucket(pass, senders, byTenant, wave, first, bucket);
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
                watch.awaitAnswered(wave, since, deadline, failure);
                progress.printf("rca: %d of %d answered%n", wave.stream().filter(tenant -> watch.answered(tenant, since)).count(),
                        wave.size());
            }
            return since;
        } finally {
            shipper.shutdownNow();
            senders.shutdownNow();
        }
    }

    private void sendBucket(String pass, ExecutorService senders, Map<String, RcaScenario> byTenant, List<String> wave, long first, int b)
            throws Exception {
        var sends = new ArrayList<Future<EvidenceStore.Outcome>>();
        for (var tenant : wave) {
            var scenario = byTenant.get(tenant);
            if (b >= ScenarioTraffic.buckets(scenario)) {
                continue;
            }
            var evidence = ScenarioTraffic.bucket(scenario, grid, first, b);
            var batchId = "rca-" + runId + "-" + pass + "-" + tenant + "-" + b;
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
