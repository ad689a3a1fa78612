package dev.debugd.operator.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator's reconcile executions, counted through JOSDK's metrics hook: how many there were, and whether the
 * operator has settled (none running, none started for a while). Resources are Ready before the operator is done with
 * them (events of its own objects may bring another reconcile), so the benchmark deletes only once it has settled.
 */
final class Reconciles implements Metrics {

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong executions = new AtomicLong();
    private final AtomicLong lastChange = new AtomicLong(System.nanoTime());

    @Override
    public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
        executions.incrementAndGet();
        running.incrementAndGet();
        lastChange.set(System.nanoTime());
    }

    @Override
    public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
        running.decrementAndGet();
        lastChange.set(System.nanoTime());
    }

    long executions() {
        return executions.get();
    }

    boolean quietFor(Duration quiet) {
        return running.get() == 0 && System.nanoTime() - lastChange.get() >= quiet.toNanos();
    }
}
