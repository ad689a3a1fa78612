package dev.debugd.e2e.dispatch;

import dev.debugd.config.ConfigHistory;
import dev.debugd.config.Endpoints;
import dev.debugd.dispatch.Dispatcher;
import dev.debugd.dispatch.LedgerStore;
import dev.debugd.dispatch.LedgerTaskInputs;
import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.e2e.stack.TestDatabase;
import dev.debugd.e2e.stack.TestTopics;
import dev.debugd.manifests.ConfigFacts;
import dev.debugd.manifests.Manifest;
import dev.debugd.provisioning.TenantProvisioning;
import dev.debugd.readmodel.Projector;
import dev.debugd.readmodel.ReadModelSchemas;
import dev.debugd.readmodel.Replay;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.Decoding;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.timeline.kafka.OutputsReader;
import dev.debugd.timeline.kafka.OutputsTopics;
import dev.debugd.timeline.kafka.OutputsWriter;
import dev.debugd.timeline.kafka.RecordFetcher;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.timeline.kafka.TimelineWriter;
import dev.debugd.worker.TaskHandler;
import dev.debugd.worker.WorkerShell;
import dev.debugd.workqueue.QueueProvisioning;
import dev.debugd.workqueue.SqsClients;
import dev.debugd.workqueue.TaskInputs;
import dev.debugd.workqueue.TaskMessage;
import dev.debugd.workqueue.WorkQueueSettings;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dispatch loop on the real stack, isolated by name: its own topics, database and queue prefix. A dispatcher
 * and workers can be started, stopped and crashed; the ledger and queues can be inspected, dropped and purged.
 */
final class Loop implements AutoCloseable {

    static final Duration POLL = Duration.ofMillis(200);
    static final Event.Agent DETECTOR = new Event.Agent("incident-detector", "1");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final Endpoints endpoints;
    final TestTopics topics;
    final TestDatabase database;
    final Postgres postgres;
    final SqsClient sqs;
    final WorkQueueSettings settings;
    final QueueProvisioning queues;
    final TimelineWriter writer;
    final OutputsTopics outputsTopics;
    final LedgerStore ledger = new LedgerStore(LedgerStore.SCHEMA);
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Map<String, ConfigHistory> recorded = new HashMap<>();
    private final Map<String, WorkerShell> workers = new LinkedHashMap<>();
    private final Set<String> logicalQueues = new TreeSet<>();
    private Dispatcher dispatcher;
    private Dispatcher.Wiring wiring;

    Loop(Duration visibility, Duration lease, int receiveBudget) throws Exception {
        var stack = LocalStack.requireKafka();
        LocalStack.requireSqs();
        LocalStack.requirePostgres();
        topics = new TestTopics(stack.kafka(), 3);
        database = new TestDatabase();
        endpoints = new Endpoints(stack.kafka(), stack.sqs(), stack.clickhouse(), database.postgres);
        postgres = new Postgres(database.postgres);
        sqs = SqsClients.create(endpoints.sqs());
        settings = new WorkQueueSettings("t" + UUID.randomUUID().toString().substring(0, 6) + "-", receiveBudget, visibility, lease);
        queues = new QueueProvisioning(sqs, settings);
        writer = new TimelineWriter(endpoints.kafka(), topics.topics);
        outputsTopics = new OutputsTopics(endpoints.kafka(), topics.topics);
    }

    /** Records manifests (YAML with ' for ") as the local loader does, at this time. */
    void configure(Instant time, String... manifests) {
        var parsed = new ArrayList<Manifest>();
        for (var manifest : manifests) {
            parsed.add(Manifest.of(JSON.readTree(manifest.replace('\'', '"')), "test"));
        }
        // As the loader does, a tenant is provisioned before its facts are recorded.
        parsed.stream().filter(m -> m.kind().equals("Tenant")).forEach(m -> provision(m.name()));
        var facts = ConfigFacts.changes(recorded, parsed, time, true).stream()
                .filter(f -> parsed.stream().anyMatch(m -> f.idempotencyKey().contains("/" + m.kind() + "/" + m.name() + "/")))
                .toList();
        var positions = writer.writeAll(facts);
        for (int i = 0; i < facts.size(); i++) {
            recorded.computeIfAbsent(facts.get(i).tenantId(), ConfigHistory::new).add(new TimelineRecord(facts.get(i),
                    positions.get(i).topic(), positions.get(i).partition(), positions.get(i).offset()));
        }
    }

    /** A tenant's configuration as this loop recorded it (what a worker reads its agent's setting from). */
    ConfigHistory recorded(String tenant) {
        return recorded.computeIfAbsent(tenant, ConfigHistory::new);
    }

    static String tenant(String name, double threshold) {
        return "{'apiVersion':'debugd.dev/v1alpha1','kind':'Tenant','metadata':{'name':'" + name + "'},"
                + "'spec':{'confidenceThreshold':" + threshold + "}}";
    }

    static String agent(String tenant, String agent, String version) {
        return "{'apiVersion':'debugd.dev/v1alpha1','kind':'AgentProfile','metadata':{'name':'" + tenant + "-" + agent + "'},"
                + "'spec':{'tenant':'" + tenant + "','agent':'" + agent + "','version':'" + version + "'}}";
    }

    /** A GitHub Integration that opens pull requests for fixes and for instrumentation. */
    static String github(String tenant) {
        return "{'apiVersion':'debugd.dev/v1alpha1','kind':'Integration','metadata':{'name':'" + tenant + "-github'},"
                + "'spec':{'tenant':'" + tenant + "','type':'github','repository':'" + tenant + "/shop',"
                + "'features':['pullRequests','instrumentationPullRequests','codeContext','webhooks']}}";
    }

    /** A tenant with a GitHub integration and every agent at this version. */
    void standardTenant(String tenant, Instant time, double threshold, String version) {
        configure(time, tenant(tenant, threshold), agent(tenant, "rca", version), agent(tenant, "fix", version),
                agent(tenant, "instrumentation", version), agent(tenant, "evaluation", version), github(tenant));
    }

    /** The detector's fact for a new incident. */
    Event detect(String tenant, String incident, Instant time) {
        var event = Event.create(time, tenant, incident, 1, new Payload.IncidentDetected("checkout", "sig-" + incident, 1,
                "novelty", time, Map.of("occurrences", 12.0), "detector", null), DETECTOR,
                IdempotencyKey.episode(tenant, incident), null);
        writer.write(event);
        return event;
    }

    Dispatcher startDispatcher(Dispatcher.BeforeCommit beforeCommit) throws Exception {
        return startDispatcher(endpoints.kafka(), beforeCommit);
    }

    /** A dispatcher that logs in to Kafka as this user. */
    Dispatcher startDispatcher(Endpoints.Kafka kafka, Dispatcher.BeforeCommit beforeCommit) throws Exception {
        stopDispatcher();
        wiring = Dispatcher.Wiring.connect(kafka, topics.topics, sqs, queues);
        dispatcher = new Dispatcher(wiring, postgres, LedgerStore.SCHEMA, Clock.systemUTC(), beforeCommit);
        return dispatcher;
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    void stopDispatcher() throws Exception {
        if (dispatcher != null) {
            dispatcher.close();
            wiring.close();
            dispatcher = null;
        }
    }

    /** A worker for a tenant's task type, of this agent version (the platform's own workers are version "1"). */
    WorkerShell worker(String tenant, TaskType type, String version, TaskHandler handler, WorkerShell.AfterOutput afterOutput)
            throws SQLException {
        return worker(tenant, type, version, handler, afterOutput, OpenTelemetry.noop().getTracer("untraced"));
    }

    /** A worker whose runs {@code tracer} traces. */
    WorkerShell worker(String tenant, TaskType type, String version, TaskHandler handler, WorkerShell.AfterOutput afterOutput,
            Tracer tracer) throws SQLException {
        var logical = type.queue(tenant);
        logicalQueues.add(logical);
        var fetcher = new RecordFetcher(endpoints.kafka());
        var connection = postgres.connect();
        outputsTopics.ensure(tenant);
        var outputs = new OutputsWriter(endpoints.kafka(), topics.topics, tenant);
        var shell = new WorkerShell(sqs, queues, tenant, logical, new Event.Agent(type.wireName() + "-worker", version),
                new LedgerTaskInputs(fetcher, connection, ledger), handler, outputs, Clock.systemUTC(), afterOutput, tracer);
        open.add(shell);
        open.add(outputs);
        open.add(fetcher);
        open.add(connection);
        workers.put(logical + "@" + version, shell);
        return shell;
    }

    /**
     * A tenant workload as the operator runs it: it reads its tasks' input through {@code inputs} (the task API) and
     * writes its outputs as {@code kafka}'s user (which may write its tenant's outputs topic and nothing else).
     */
    WorkerShell workload(String tenant, TaskType type, String version, TaskHandler handler, TaskInputs inputs,
            Endpoints.Kafka kafka) {
        var logical = type.queue(tenant);
        logicalQueues.add(logical);
        outputsTopics.ensure(tenant);
        var outputs = new OutputsWriter(kafka, topics.topics, tenant);
        var shell = new WorkerShell(sqs, queues, tenant, logical, new Event.Agent(type.wireName() + "-worker", version), inputs,
                handler, outputs, Clock.systemUTC(), task -> { }, OpenTelemetry.noop().getTracer("untraced"));
        open.add(shell);
        open.add(outputs);
        workers.put(logical + "@" + version, shell);
        return shell;
    }

    /** Every task queue of a tenant exists (so purging and reading them covers all work), and its outputs topic. */
    void provision(String tenant) {
        new TenantProvisioning(queues, outputsTopics).ensure(tenant);
        for (var type : TaskType.values()) {
            logicalQueues.add(type.queue(tenant));
        }
    }

    void stopWorkers() throws Exception {
        for (var closeable : open) {
            closeable.close();
        }
        open.clear();
        workers.clear();
    }

    /** One dispatcher step (if one runs) and one short poll of every worker; how much happened. */
    int pump() throws Exception {
        int activity = dispatcher == null ? 0 : dispatcher.step(POLL);
        for (var worker : workers.values()) {
            activity += worker.pollOnce(Duration.ZERO).size();
        }
        return activity;
    }

    void pumpUntil(BooleanSupplier done, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what + "; required and not done: " + requiredNotDone());
            }
            pump();
        }
    }

    Set<String> query(String sql) {
        var keys = new TreeSet<String>();
        try (var connection = postgres.connect(); var statement = connection.createStatement(); var rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        } catch (SQLException e) {
            if (!e.getMessage().contains("does not exist")) {
                throw new IllegalStateException(e);
            }
        }
        return keys;
    }

    Set<String> required() {
        return query("SELECT task_key FROM ledger.tasks");
    }

    Set<String> done() {
        return query("SELECT task_key FROM ledger.done_keys");
    }

    Set<String> requiredNotDone() {
        return query("SELECT task_key FROM ledger.tasks t WHERE NOT EXISTS (SELECT 1 FROM ledger.done_keys d"
                + " WHERE d.task_key = t.task_key) AND NOT EXISTS (SELECT 1 FROM ledger.abandoned_keys a WHERE a.task_key = t.task_key)");
    }

    /** Projects the topics into a read model of this database (live schema) until it reaches their ends. */
    void project() throws Exception {
        project(endpoints.kafka());
    }

    /** The same, logged in to Kafka as this user. */
    void project(Endpoints.Kafka kafka) throws Exception {
        var schemas = new ReadModelSchemas(database.postgres);
        schemas.migrate(ReadModelSchemas.LIVE);
        try (var reader = new TimelineReader(kafka, topics.topics, Replay.AGENT, 500);
                var rejections = new TimelineWriter(kafka, topics.topics);
                var projector = new Projector(reader, rejections, schemas, ReadModelSchemas.LIVE, batch -> { })) {
            projector.catchUp(POLL, () -> { });
        }
    }

    /** Every record of the three topics as decoded events, in partition order. */
    List<TimelineRecord> history() {
        var all = new ArrayList<TimelineRecord>();
        try (var reader = new TimelineReader(endpoints.kafka(), topics.topics, Replay.AGENT, 500)) {
            var partitions = reader.partitions();
            var ends = reader.endOffsets(partitions);
            var positions = new HashMap<org.apache.kafka.common.TopicPartition, Long>();
            partitions.forEach(p -> positions.put(p, 0L));
            reader.assign(positions);
            while (ends.entrySet().stream().anyMatch(e -> positions.get(e.getKey()) < e.getValue())) {
                var batch = reader.poll(POLL);
                all.addAll(batch.records());
                positions.putAll(batch.nextOffsets());
            }
        }
        return all;
    }

    /** Every event a tenant's workloads wrote to its outputs topic, in partition order. */
    List<Event> outputsOf(String tenant) {
        var all = new ArrayList<Event>();
        try (var reader = new OutputsReader(endpoints.kafka(), topics.topics, 500)) {
            var partitions = reader.partitions().stream().filter(p -> p.topic().equals(topics.topics.outputs(tenant))).toList();
            var ends = reader.endOffsets(partitions);
            var positions = new HashMap<org.apache.kafka.common.TopicPartition, Long>();
            partitions.forEach(p -> positions.put(p, 0L));
            reader.assign(positions);
            while (ends.entrySet().stream().anyMatch(e -> positions.get(e.getKey()) < e.getValue())) {
                var batch = reader.poll(POLL);
                batch.records().forEach(r -> all.add(((Decoding.Decoded) r.decoding()).event()));
                positions.putAll(batch.nextOffsets());
            }
        }
        return all;
    }

    void dropLedger() throws SQLException {
        postgres.dropSchema(LedgerStore.SCHEMA);
    }

    void purgeQueues() {
        for (var logical : logicalQueues) {
            sqs.purgeQueue(b -> b.queueUrl(queues.ensure(logical).url()));
        }
    }

    /** Takes every message off the task queues and returns their keys (a key per message, duplicates kept). */
    List<String> drainQueues() {
        if (dispatcher != null) {
            dispatcher.awaitSends();
        }
        var keys = new ArrayList<String>();
        for (var logical : logicalQueues) {
            var url = queues.ensure(logical).url();
            while (true) {
                var messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)
                        .visibilityTimeout(60)).messages();
                if (messages.isEmpty()) {
                    break;
                }
                for (var message : messages) {
                    keys.add(TaskMessage.parse(message.body()).taskKey());
                    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
                }
            }
        }
        return keys;
    }

    @Override
    public void close() throws Exception {
        try {
            stopDispatcher();
            stopWorkers();
            writer.close();
            outputsTopics.close();
            logicalQueues.forEach(queues::delete);
            sqs.close();
        } finally {
            try {
                database.close();
            } finally {
                topics.close();
            }
        }
    }
}
