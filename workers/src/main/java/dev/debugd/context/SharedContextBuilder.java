package dev.debugd.context;

import com.zaxxer.hikari.HikariDataSource;
import dev.debugd.config.ConfigHistory;
import dev.debugd.config.Endpoints;
import dev.debugd.dispatch.LedgerStore;
import dev.debugd.dispatch.LedgerTaskInputs;
import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.evidence.BucketGrid;
import dev.debugd.health.OutageLog;
import dev.debugd.integrations.sentry.SentryApi;
import dev.debugd.integrations.sentry.SentryIssues;
import dev.debugd.health.RepeatedPasses;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.kafka.OutputsWriter;
import dev.debugd.timeline.kafka.RecordFetcher;
import dev.debugd.timeline.kafka.RecordedConfiguration;
import dev.debugd.timeline.kafka.TimelineTopics;
import dev.debugd.worker.WorkerShell;
import dev.debugd.workqueue.QueueProvisioning;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The shared context builder (ARCHITECTURE §1), as the chart installs it once for a cluster: one process works every
 * tenant's context-builder queue. Its tenants are the ones the recorded configuration holds and has not seen deleted,
 * looked up again at every refresh; each context goes to its tenant's outputs topic (this role's Kafka user may write
 * those, and read the shared topics), for the dispatcher's admission to copy.
 */
public final class SharedContextBuilder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedContextBuilder.class);

    private final SqsClient sqs;
    private final QueueProvisioning queues;
    private final TimelineTopics topics;
    private final Clock clock;
    private final RecordFetcher fetcher;
    private final Connection ledger;
    private final RecordedConfiguration recorded;
    private final KafkaProducer<String, byte[]> producer;
    private final LedgerTaskInputs inputs;
    private final MemorySearch memory;
    /** The ingest schema's Sentry issues. */
    private final HikariDataSource ingest;
    private final ContextBuilderWork work;
    private final Map<String, WorkerShell> shells = new TreeMap<>();
    private final OutageLog outage = new OutageLog(LOG, "Kafka, SQS, ClickHouse or Postgres, for the context builder");
    /** When the passes next look for new and deleted tenants (read and written on the passes' thread only). */
    private long nextRefresh;

    /**
     * @param secrets         a credential by the Secret key a tenant's GitHub Integration names (its code is read with it)
     * @param readModelSchema the served read model's schema, whose memory of past incidents each context searches
     */
    public SharedContextBuilder(Endpoints endpoints, TimelineTopics topics, Postgres postgres, SqsClient sqs,
            QueueProvisioning queues, String evidenceDatabase, BucketGrid grid, Clock clock,
            Function<SecretKeyRef, Optional<String>> secrets, String readModelSchema) throws Exception {
        this.sqs = sqs;
        this.queues = queues;
        this.topics = topics;
        this.clock = clock;
        this.fetcher = new RecordFetcher(endpoints.kafka());
        try {
            this.ledger = postgres.connect();
            this.recorded = new RecordedConfiguration(endpoints.kafka(), topics, ContextBuilderWork.AGENT);
            this.producer = OutputsWriter.producer(endpoints.kafka());
            this.memory = new MemorySearch(postgres, endpoints.kafka(), topics, readModelSchema, MemorySearch.CATCH_UP,
                    millis -> LOG.debug("searched the memory in {} ms", millis));
            this.ingest = postgres.pool("context-builder", 2);
        } catch (Exception | Error e) {
            fetcher.close();
            throw e;
        }
        this.inputs = new LedgerTaskInputs(fetcher, ledger, new LedgerStore(LedgerStore.SCHEMA));
        this.work = ContextBuilderWork.reading(endpoints.clickhouse(), evidenceDatabase, grid, secrets, tenant -> {
            recorded.catchUp();
            return recorded.history(tenant);
        }, memory, new SentryContextReader(new SentryIssues(ingest), secrets, SentryApi::latestEvent));
    }

    /**
     * Reads the configuration recorded since the last refresh: a tenant recorded for the first time gets a worker on its
     * queue, a tenant recorded as deleted loses its worker. Returns the tenants worked now.
     */
    public Set<String> refreshTenants() {
        recorded.catchUp();
        var now = clock.instant();
        var live = new TreeSet<String>();
        recorded.histories().values().stream().filter(history -> history.tenantAsOf(now).isPresent())
                .map(ConfigHistory::tenantId).forEach(live::add);
        for (var tenant : List.copyOf(shells.keySet())) {
            if (!live.contains(tenant)) {
                stop(tenant, "its Tenant was deleted");
            }
        }
        for (var tenant : live) {
            if (!shells.containsKey(tenant)) {
                shells.put(tenant, new WorkerShell(sqs, queues, tenant, TaskType.CONTEXT_BUILDER.queue(tenant),
                        ContextBuilderWork.AGENT, inputs, work, OutputsWriter.sharing(producer, topics, tenant), clock,
                        task -> LOG.info("built the context of {}", task.taskKey())));
                LOG.info("working tenant {}'s context-builder queue", tenant);
            }
        }
        return Set.copyOf(shells.keySet());
    }

    /** One receive on every tenant's queue, without waiting, again while any of them had work; how many messages it handled. */
    public int drain() {
        int handled = 0;
        int round;
        do {
            round = 0;
            for (var tenant : List.copyOf(shells.keySet())) {
                try {
                    round += shells.get(tenant).pollOnce(Duration.ZERO).size();
                } catch (QueueDoesNotExistException e) {
                    // Its Tenant was deleted under the Delete policy and its queues went before this refresh saw the fact.
                    stop(tenant, "its queue is gone");
                }
            }
            handled += round;
        } while (round > 0);
        return handled;
    }

    /**
     * Passes on a thread of their own, one {@code every} after the previous drained every queue: the tenants refreshed
     * when {@code refreshEvery} has passed, then every queue drained. A pass that fails (a server away) is tried again
     * with back-off. Closing the handle stops them.
     */
    public AutoCloseable start(Duration every, Duration refreshEvery, Duration maxBackoff) {
        nextRefresh = System.nanoTime();
        return RepeatedPasses.start("context-builder", every, maxBackoff, outage, () -> {
            if (System.nanoTime() >= nextRefresh) {
                refreshTenants();
                nextRefresh = System.nanoTime() + refreshEvery.toNanos();
            }
            drain();
        });
    }

    /** Whether the last pass reached every server it needed: the role's health. */
    public boolean healthy() {
        return !outage.down();
    }

    private void stop(String tenant, String why) {
        shells.remove(tenant).close();
        LOG.info("stopped working tenant {}'s context-builder queue: {}", tenant, why);
    }

    @Override
    public void close() throws Exception {
        var closing = new ArrayList<AutoCloseable>(shells.values());
        shells.clear();
        closing.add(recorded);
        closing.add(() -> producer.close(Duration.ofSeconds(10)));
        closing.add(memory);
        closing.add(ingest);
        closing.add(ledger);
        closing.add(fetcher);
        Exception first = null;
        for (var closeable : closing) {
            try {
                closeable.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
