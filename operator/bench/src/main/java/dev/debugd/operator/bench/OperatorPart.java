package dev.debugd.operator.bench;

import dev.debugd.bench.Progress;
import dev.debugd.operator.DebugdOperator;
import dev.debugd.operator.api.v1alpha1.AgentProfile;
import dev.debugd.operator.api.v1alpha1.Condition;
import dev.debugd.operator.api.v1alpha1.Tenant;
import dev.debugd.operator.model.PlatformSettings;
import dev.debugd.operator.model.Readiness;
import dev.debugd.store.Postgres;
import dev.debugd.workqueue.SqsClients;
import dev.debugd.workqueue.WorkloadTokens;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's part: the operator runs against the benchmark's API server and the stack, the fleet's Tenants and
 * AgentProfiles are applied at once, and each resource's time from its create to its Ready condition is read from the
 * condition's lastTransitionTime (the operator stamps it with the same clock the creates were timed with). Once the
 * operator has settled, the Tenants are deleted; their Delete policy removes their queues and outputs topics, deletes
 * their profiles and revokes their users.
 */
final class OperatorPart {

    static final String NAMESPACE = "bench-operator";
    /** Enough to create resources faster than the operator makes them ready. */
    private static final int APPLY_THREADS = 16;
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration QUIET = Duration.ofSeconds(1);

    private final RunScope scope;
    private final ApiServer api;
    private final PlatformSettings platform;
    private final Duration timeout;
    private final PrintStream progress;
    private final Clock clock = Clock.systemUTC();

    OperatorPart(RunScope scope, ApiServer api, PlatformSettings platform, Duration timeout, PrintStream progress) {
        this.scope = scope;
        this.api = api;
        this.platform = platform;
        this.timeout = timeout;
        this.progress = progress;
    }

    Outcome run(Fleet fleet) throws Exception {
        api.createNamespace(NAMESPACE);
        var members = fleet.members();
        var reconciles = new Reconciles();
        try (var sqs = SqsClients.create(scope.endpoints.sqs());
                var postgres = new Postgres(scope.database).pool("operator-bench", 4);
                var operatorClient = api.newClient();
                var operator = new DebugdOperator(new DebugdOperator.Setup(operatorClient, scope.endpoints.kafka(), sqs,
                        new WorkloadTokens(postgres), scope.topics, scope.queues, platform, Set.of(NAMESPACE), Optional.empty(),
                        clock, Optional.of(reconciles)))) {
            operator.start();
            progress.printf("operator: applying %d Tenants with %d AgentProfiles each at once%n", fleet.tenants(),
                    fleet.profilesPerTenant());
            var created = apply(members);
            var ready = awaitReady(created, fleet.resources());
            var first = created.values().stream().min(Instant::compareTo).orElseThrow();
            var last = ready.values().stream().max(Instant::compareTo).orElseThrow();
            var tenants = new ArrayList<Duration>();
            var profiles = new ArrayList<Duration>();
            ready.forEach((key, at) -> (key.startsWith("Tenant/") ? tenants : profiles).add(Duration.between(created.get(key), at)));
            progress.printf("operator: all %d Ready after %.1f s%n", ready.size(), Duration.between(first, last).toMillis() / 1000.0);
            awaitSettled(reconciles);
            long executions = reconciles.executions();
            progress.printf("operator: settled after %d reconcile executions; deleting the Tenants%n", executions);
            var removal = deleteAll(members);
            return new Outcome(Duration.between(first, last), tenants, profiles, removal, executions);
        }
    }

    /** Creates every resource, a tenant before its profiles; when each create was sent, by kind and name. */
    private Map<String, Instant> apply(List<Fleet.Member> members) throws Exception {
        var created = new ConcurrentHashMap<String, Instant>();
        var work = new ArrayList<Parallel.Work>();
        for (var member : members) {
            work.add(() -> {
                create(member.tenant(), created);
                for (var profile : member.profiles()) {
                    create(profile, created);
                }
            });
        }
        Parallel.run(APPLY_THREADS, work, new Progress(progress, "tenants applied"));
        return created;
    }

    private void create(HasMetadata resource, Map<String, Instant> created) {
        created.put(key(resource), clock.instant());
        api.client().resource(resource).create();
    }

    /** Which resources are Ready at their generation (and when they became so), and why the others are not. */
    private record Readies(Map<String, Instant> ready, List<String> waiting) {}

    /** Waits until every resource is Ready at its generation; when each became so. */
    private Map<String, Instant> awaitReady(Map<String, Instant> created, int total) throws Exception {
        var ticker = new Progress(progress, "Ready");
        var readies = Polling.until(POLL, timeout, () -> {
            var now = readies();
            ticker.tick(now.ready().size(), total);
            return now;
        }, now -> now.ready().size() == total);
        if (readies.ready().size() != total) {
            var waiting = readies.waiting();
            throw new IllegalStateException(readies.ready().size() + " of " + total + " resources Ready after "
                    + timeout.toSeconds() + " s (--timeout); not yet: " + String.join("; ", waiting.subList(0, Math.min(5,
                    waiting.size()))) + (waiting.size() > 5 ? "; …" : ""));
        }
        return readies.ready();
    }

    private Readies readies() {
        var ready = new HashMap<String, Instant>();
        var waiting = new ArrayList<String>();
        for (var tenant : list(Tenant.class)) {
            var status = tenant.getStatus();
            readyAt(tenant, status == null ? null : status.observedGeneration(), status == null ? null : status.conditions(),
                    ready, waiting);
        }
        for (var profile : list(AgentProfile.class)) {
            var status = profile.getStatus();
            readyAt(profile, status == null ? null : status.observedGeneration(), status == null ? null : status.conditions(),
                    ready, waiting);
        }
        return new Readies(ready, waiting);
    }

    /** Notes when the resource became Ready at its generation, or why it is not. */
    private static void readyAt(HasMetadata resource, Long observedGeneration, List<Condition> conditions, Map<String, Instant> ready,
            List<String> waiting) {
        var condition = conditions == null ? Optional.<Condition>empty()
                : conditions.stream().filter(c -> Readiness.READY.equals(c.type())).findFirst();
        if (condition.isPresent() && "True".equals(condition.get().status())
                && Objects.equals(observedGeneration, resource.getMetadata().getGeneration())) {
            ready.put(key(resource), Instant.parse(condition.get().lastTransitionTime()));
        } else {
            waiting.add(key(resource) + condition.map(c -> " " + c.reason() + ": " + c.message()).orElse(" (no status yet)"));
        }
    }

    /** Waits until no reconcile has run for a second: what is still going on after Ready would race the deletion. */
    private void awaitSettled(Reconciles reconciles) throws Exception {
        if (!Polling.until(POLL, timeout, () -> reconciles.quietFor(QUIET), quiet -> quiet)) {
            throw new IllegalStateException("the operator still reconciles " + timeout.toSeconds() + " s after all resources"
                    + " were Ready (--timeout)");
        }
    }

    /** Deletes the Tenants at once and waits until they and their profiles are gone; how long that took. */
    private Duration deleteAll(List<Fleet.Member> members) throws Exception {
        long start = System.nanoTime();
        Parallel.run(APPLY_THREADS, members.stream().<Parallel.Work>map(member -> () -> api.client().resource(member.tenant()).delete())
                .toList(), new Progress(progress, "tenants deleted"));
        var ticker = new Progress(progress, "gone");
        int total = members.stream().mapToInt(member -> 1 + member.profiles().size()).sum();
        int left = Polling.until(POLL, timeout, () -> {
            int now = list(Tenant.class).size() + list(AgentProfile.class).size();
            ticker.tick(total - now, total);
            return now;
        }, now -> now == 0);
        if (left != 0) {
            throw new IllegalStateException(left + " of " + total + " resources still there " + timeout.toSeconds()
                    + " s after their Tenants were deleted (--timeout)");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private <T extends HasMetadata> List<T> list(Class<T> type) {
        return api.client().resources(type).inNamespace(NAMESPACE).list().getItems();
    }

    private static String key(HasMetadata resource) {
        return resource.getKind() + "/" + resource.getMetadata().getName();
    }
}
