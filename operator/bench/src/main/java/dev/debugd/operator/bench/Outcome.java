package dev.debugd.operator.bench;

import java.time.Duration;
import java.util.List;

/**
 * What one part of the benchmark measured.
 *
 * @param ready from the first create to the last resource's readiness (the ceiling: to the last piece of work done)
 * @param tenants each Tenant's time from its create to its readiness
 * @param profiles each AgentProfile's likewise
 * @param removal from the first delete until everything was gone again
 * @param reconciles the operator's reconcile executions until it settled after all were Ready (0 for the ceiling)
 */
record Outcome(Duration ready, List<Duration> tenants, List<Duration> profiles, Duration removal, long reconciles) {

    Outcome {
        tenants = List.copyOf(tenants);
        profiles = List.copyOf(profiles);
    }
}
