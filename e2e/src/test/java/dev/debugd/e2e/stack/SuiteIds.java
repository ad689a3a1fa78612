package dev.debugd.e2e.stack;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenant and client ids that this run of the suite makes. Each carries the run's own mark, so that the canonical-topic
 * guard can tell the suite's records from those of other processes on the machine-wide stack (a developer's demo).
 */
public final class SuiteIds {

    private static final String RUN = "s" + UUID.randomUUID().toString().substring(0, 6);
    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

    private SuiteIds() {}

    /** A tenant name (a DNS label) of this run, e.g. {@code s1a2b3c-demo}. */
    public static String tenant(String purpose) {
        return created(RUN + "-" + purpose);
    }

    /** A client request id of this run (what a person's request to the API carries). */
    public static String clientRequestId(String purpose) {
        return created(RUN + "-" + purpose);
    }

    private static String created(String id) {
        CREATED.add(id);
        return id;
    }

    /** Every id made so far. */
    public static Set<String> created() {
        return Set.copyOf(CREATED);
    }
}
