package dev.debugd.resolve;

import dev.debugd.config.ConfigHistory;
import dev.debugd.health.OutageLog;
import dev.debugd.health.RepeatedPasses;
import dev.debugd.integrations.github.CodeHost;
import dev.debugd.integrations.github.GitHubApi;
import dev.debugd.integrations.github.GitHubCredentials;
import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import dev.debugd.resolve.rules.EvaluationMetrics;
import dev.debugd.resolve.rules.FixLoopSettings;
import dev.debugd.resolve.rules.ResolverRules;
import dev.debugd.resolve.rules.ResolverState;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.kafka.TimelineReader;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resolver role: reads every fact from offset 0 into {@link ResolverState}, and at each pass takes each cycle with
 * a merged fix as far as the facts and the clock allow, by {@link ResolverRules}: a deploy of the merge (a reported
 * production deployment, or a deploy hash in the service's evidence, that the code host says contains the merge
 * commit) is a {@code FixDeployed}; a window whose watermark has passed an {@code EvaluationDue} with the figures read
 * from ClickHouse; a verdict an {@code IncidentResolved} or an {@code InvestigationReopened}. What it writes it folds
 * at once, and every fact has its content's key, so a restart or a replay from offset 0 writes no new fact.
 */
public final class Resolver implements AutoCloseable {

    /** The evidence the resolver reads. */
    public interface Evidence {
        /** A service's deploy hashes with their first sighting. */
        Map<String, Instant> deploys(String tenant, String service) throws IOException, InterruptedException;

        /** A window [from, to) of a service: requests, failed requests, and the signature's occurrences when given. */
        EvaluationMetrics.Counts counts(String tenant, String service, Optional<String> signature, Instant from, Instant to)
                throws IOException, InterruptedException;
    }

    /** Connects to one repository's code. */
    public interface CodeHosts {
        CodeHost connect(URI apiUrl, String repository, GitHubCredentials credentials) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Resolver.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final TimelineReader reader;
    private final Function<String, ConfigHistory> configuration;
    private final Evidence evidence;
    private final Function<SecretKeyRef, Optional<String>> secrets;
    private final CodeHosts codeHosts;
    private final Consumer<List<Event>> timeline;
    private final Duration lateness;
    private final Supplier<Instant> clock;
    private final ResolverState state = new ResolverState();
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    /** What the code host said: "repository hash merge" → contains. Definitive answers only. */
    private final Map<String, Boolean> containment = new HashMap<>();
    private final Set<String> undecidable = new HashSet<>();
    private final OutageLog outage = new OutageLog(LOG, "Kafka, ClickHouse or the code host, for the resolver");

    /**
     * @param reader        reads every topic; the resolver assigns it from offset 0
     * @param configuration a tenant's configuration as recorded, read up to now
     * @param timeline      writes facts and returns once Kafka acknowledged them
     * @param lateness      how long after a bucket's end evidence may still arrive (the API's and detector's)
     */
    public Resolver(TimelineReader reader, Function<String, ConfigHistory> configuration, Evidence evidence,
            Function<SecretKeyRef, Optional<String>> secrets, CodeHosts codeHosts, Consumer<List<Event>> timeline, Duration lateness,
            Supplier<Instant> clock) {
        this.reader = reader;
        this.configuration = configuration;
        this.evidence = evidence;
        this.secrets = secrets;
        this.codeHosts = codeHosts;
        this.timeline = timeline;
        this.lateness = lateness;
        this.clock = clock;
        reader.partitions().forEach(partition -> positions.put(partition, 0L));
        reader.assign(Map.copyOf(positions));
    }

    /** Reads what is new, then decides on every open cycle; the facts it wrote. */
    public synchronized List<Event> runOnce() throws IOException, InterruptedException {
        catchUp();
        var now = clock.get();
        var written = new ArrayList<Event>();
        for (var cycle : state.open()) {
            var detection = state.detection(cycle.tenant(), cycle.incident());
            if (detection.isEmpty()) {
                continue; // its IncidentDetected is not read yet
            }
            var merged = cycle.applied().orElseThrow().time();
            var history = configuration.apply(cycle.tenant());
            var inForce = history.asOf(merged);
            var github = ConfigHistory.github(inForce);
            var settings = FixLoopSettings.of(history.tenantAsOf(merged), github, lateness);
            if (cycle.deployed().isEmpty() && github.isPresent()) {
                var sightings = ResolverRules.sightings(cycle, settings, state.deployments(cycle.tenant()),
                        evidence.deploys(cycle.tenant(), detection.get().service()), now);
                var merge = ((Payload.FixApplied) cycle.applied().get().payload()).mergeCommitSha();
                var repository = github.get().repository();
                // The code host is asked only about deploys it was not asked about yet, and a deploy is decided only
                // once every earlier sighting is known: the earliest that contains the merge is the one.
                var unknown = sightings.stream().filter(s -> !containment.containsKey(key(repository, s.deployHash(), merge)))
                        .toList();
                if (!unknown.isEmpty()) {
                    var host = codeHost(github.get(), cycle.tenant());
                    if (host.isPresent()) {
                        for (var sighting : unknown) {
                            containment.put(key(repository, sighting.deployHash(), merge), host.get().contains(sighting.deployHash(),
                                    merge));
                        }
                    }
                }
                if (sightings.stream().allMatch(s -> containment.containsKey(key(repository, s.deployHash(), merge)))) {
                    ResolverRules.fixDeployed(cycle, sightings, hash -> containment.get(key(repository, hash, merge)))
                            .ifPresent(fact -> write(fact, written));
                }
            }
            var window = ResolverRules.nextWindow(cycle, settings, now);
            if (window.isPresent()) {
                var before = ResolverRules.before(detection.get(), window.get());
                var service = detection.get().service();
                var signature = detection.get().signature();
                var figures = EvaluationMetrics.of(
                        evidence.counts(cycle.tenant(), service, signature, before.start(), before.end()),
                        evidence.counts(cycle.tenant(), service, signature, window.get().start(), window.get().end()),
                        window.get().length());
                write(ResolverRules.evaluationDue(cycle, window.get(), figures, settings), written);
            }
            ResolverRules.afterEvaluation(cycle, settings, state.earlierCycles(cycle.tenant(), cycle.incident(), cycle.number()))
                    .ifPresent(fact -> write(fact, written));
        }
        return written;
    }

    /** Whether the last pass read and wrote what it needed (false while a server or the code host is away). */
    public boolean healthy() {
        return !outage.down();
    }

    /**
     * Starts passes on a scheduler of their own, one {@code every} after the previous ended; a pass that fails (a server
     * away) is tried again after a pause that doubles up to {@code maxBackoff}, with one log line per outage.
     */
    public AutoCloseable start(Duration every, Duration maxBackoff) {
        return RepeatedPasses.start("resolver", every, maxBackoff, outage, this::runOnce);
    }


    @Override
    public void close() {
        reader.close();
    }

    /** Reads up to the ends the topics have now. */
    private void catchUp() {
        var ends = reader.endOffsets(reader.partitions());
        while (ends.entrySet().stream().anyMatch(e -> positions.getOrDefault(e.getKey(), 0L) < e.getValue())) {
            var batch = reader.poll(POLL);
            batch.records().forEach(record -> state.add(record.event()));
            positions.putAll(batch.nextOffsets());
        }
    }

    private void write(Event fact, List<Event> written) {
        timeline.accept(List.of(fact));
        state.add(fact);
        written.add(fact);
        LOG.info("resolver: {} for incident {} (cycle {}) of {}", fact.eventType(), fact.incidentId(), fact.cycle(), fact.tenantId());
    }

    private Optional<CodeHost> codeHost(IntegrationSpec github, String tenant) throws IOException {
        try {
            return Optional.of(codeHosts.connect(GitHubApi.of(github), github.repository(), GitHubCredentials.of(github, secrets)));
        } catch (GitHubCredentials.Missing e) {
            if (undecidable.add(tenant)) {
                LOG.warn("resolver: deploys of {}'s fixes cannot be checked: {}", tenant, e.getMessage());
            }
            return Optional.empty();
        }
    }

    private static String key(String repository, String deployHash, String merge) {
        return repository + " " + deployHash + " " + merge;
    }
}
