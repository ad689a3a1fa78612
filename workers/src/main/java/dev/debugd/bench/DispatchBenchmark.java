package dev.debugd.bench;

import dev.debugd.config.ConfigHistory;
import dev.debugd.config.Endpoints;
import dev.debugd.dispatch.Dispatcher;
import dev.debugd.dispatch.LedgerStore;
import dev.debugd.dispatch.rules.DispatchRules;
import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.manifests.ConfigFacts;
import dev.debugd.manifests.Manifest;
import dev.debugd.operator.api.v1alpha1.AgentProfileSpec;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RawJson;
import dev.debugd.timeline.RootCauseCategory;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.timeline.Topic;
import dev.debugd.timeline.kafka.TimelineTopics;
import dev.debugd.timeline.kafka.TimelineWriter;
import dev.debugd.workqueue.QueueProvisioning;
import dev.debugd.workqueue.SqsClients;
import dev.debugd.workqueue.TaskMessage;
import dev.debugd.workqueue.WorkQueueSettings;
import java.io.PrintStream;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dispatcher on the real stack: triggers decided, recorded in Kafka and in the ledger, and sent to ElasticMQ,
 * beside plain SendMessageBatch of the same bodies (one thread, batches of ten, as the dispatcher sends); its start-up
 * time and heap over a long history; and the latency from a trigger's write to its task's arrival in the queue.
 */
@Command(name = "dispatch", mixinStandardHelpOptions = true,
        description = "Dispatch throughput vs. plain SQS sends, start-up over a long history, trigger-to-queue latency.")
public final class DispatchBenchmark implements Callable<Integer> {

    private static final int TENANTS = 4;
    private static final int BATCH = 10;
    private static final int ROUNDS = 4;

    @Option(names = "--triggers", defaultValue = "100000", description = "Triggers to dispatch (default ${DEFAULT-VALUE}).")
    int triggers;

    @Option(names = "--history", defaultValue = "1000000", description = "Records of settled history the dispatcher starts"
            + " over (default ${DEFAULT-VALUE}).")
    int history;

    @Option(names = "--latency-triggers", defaultValue = "2000", description = "Triggers written at a steady pace to"
            + " measure latency (default ${DEFAULT-VALUE}).")
    int latencyTriggers;

    private final PrintStream progress = System.err;
    private long historyRecords;
    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    public Integer call() throws Exception {
        if (triggers < 10 || history < 0 || latencyTriggers < 10) {
            throw new IllegalArgumentException("--triggers and --latency-triggers must be at least 10, --history not negative");
        }
        var endpoints = Endpoints.fromEnvironment();
        var id = UUID.randomUUID().toString().substring(0, 8);
        var topics = new TimelineTopics("bench-" + id + ".");
        var database = "bench_" + id;
        var pg = new Endpoints.Postgres(endpoints.postgres().host(), endpoints.postgres().port(), endpoints.postgres().user(),
                database, endpoints.postgres().password());
        var settings = new WorkQueueSettings("b" + id.substring(0, 6) + "-", 5, Duration.ofMinutes(5), Duration.ofHours(1));
        try (var admin = Admin.create(endpoints.kafka().clientProperties()); var sqs = SqsClients.create(endpoints.sqs())) {
            admin.createTopics(topics.all().stream().map(t -> new NewTopic(t, 12, (short) 1)
                    .configs(Map.of("max.message.bytes", String.valueOf(4 << 20)))).toList()).all().get(60, TimeUnit.SECONDS);
            try (var connection = DriverManager.getConnection(endpoints.postgres().jdbcUrl(), endpoints.postgres().user(),
                    endpoints.postgres().password()); var statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + database);
            }
            var queues = new QueueProvisioning(sqs, settings);
            try {
                run(endpoints.kafka(), topics, new Postgres(pg), sqs, queues);
            } finally {
                for (int t = 0; t < TENANTS; t++) {
                    for (var type : TaskType.values()) {
                        queues.delete(type.queue(tenant(t)));
                    }
                }
                try (var connection = DriverManager.getConnection(endpoints.postgres().jdbcUrl(), endpoints.postgres().user(),
                        endpoints.postgres().password()); var statement = connection.createStatement()) {
                    statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                }
                admin.deleteTopics(topics.all()).all().get(60, TimeUnit.SECONDS);
            }
        }
        return 0;
    }

    private static String tenant(int t) {
        return "bench-" + t;
    }

    private void run(Endpoints.Kafka kafka, TimelineTopics topics, Postgres postgres, SqsClient sqs,
            QueueProvisioning queues) throws Exception {
        var start = Instant.now().minus(Duration.ofDays(1));
        var configs = new HashMap<String, ConfigHistory>();
        try (var writer = new TimelineWriter(kafka, topics)) {
            configure(writer, configs, start);
            for (int t = 0; t < TENANTS; t++) {
                queues.ensure(TaskType.CONTEXT_BUILDER.queue(tenant(t)));
            }
            historyRecords = writeHistory(writer, topics, configs, start.plusSeconds(60));
        }
        // Replay the history once to build the ledger, then measure a restart over it.
        try (var wiring = Dispatcher.Wiring.connect(kafka, topics, sqs, queues);
                var dispatcher = new Dispatcher(wiring, postgres, LedgerStore.SCHEMA, Clock.systemUTC(), step -> { })) {
            long began = System.nanoTime();
            var ticker = new Progress(progress, "ledger from the history");
            long read = 0;
            while (!dispatcher.caughtUp()) {
                read += dispatcher.step(Duration.ofMillis(500));
                ticker.tick(read, historyRecords);
            }
            progress.printf("ledger built from %d records in %.1f s; %d tasks sent (expected 0: the history is settled)%n",
                    read, (System.nanoTime() - began) / 1e9, dispatcher.tasksSent());
            if (dispatcher.tasksSent() != 0) {
                throw new IllegalStateException("a settled history sent " + dispatcher.tasksSent() + " tasks");
            }
        }
        var runtime = Runtime.getRuntime();
        long startupBegan = System.nanoTime();
        try (var wiring = Dispatcher.Wiring.connect(kafka, topics, sqs, queues);
                var dispatcher = new Dispatcher(wiring, postgres, LedgerStore.SCHEMA, Clock.systemUTC(), step -> { })) {
            while (!dispatcher.caughtUp()) {
                dispatcher.step(Duration.ofMillis(200));
            }
            double startup = (System.nanoTime() - startupBegan) / 1e9;
            System.gc();
            // The whole process's live heap after a collection, the benchmark's own small state included.
            double heapMb = (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0;
            progress.printf("restart over the history: ready in %.2f s, %.1f MiB of heap held%n", startup, heapMb);

            // Latency first, on quiet queues: triggers written at a steady pace while the dispatcher runs.
            var latencies = latency(kafka, topics, sqs, queues, dispatcher, start.plusSeconds(1800));
            Collections.sort(latencies);

            // Throughput, in rounds that alternate with the ceiling so both meet the queues in the same state: each
            // round's triggers are written first, then dispatched until every task is sent; then the same bodies are
            // sent plainly. A first small round of each warms both up and is not counted.
            int warm = Math.max(ROUNDS, triggers / 20);
            dispatchRound(kafka, topics, sqs, queues, postgres, dispatcher, "warm", warm, start);
            long dispatched = 0;
            long plain = 0;
            double dispatchSeconds = 0;
            double raw = 0;
            for (int round = 0; round < ROUNDS; round++) {
                int size = triggers / ROUNDS + (round < triggers % ROUNDS ? 1 : 0);
                var result = dispatchRound(kafka, topics, sqs, queues, postgres, dispatcher, "r" + round, size, start);
                dispatched += size;
                plain += size;
                dispatchSeconds += result[0];
                raw += result[1];
            }

            double p50 = latencies.get(latencies.size() / 2);
            double p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
            double dispatchTps = dispatched / dispatchSeconds;
            double rawTps = plain / raw;
            var header = List.of("measure", "figure", "ceiling in the same run", "share");
            var rows = List.of(
                    List.of("dispatch (decide, record in Kafka and Postgres, send)", BenchReport.plain(Math.round(dispatchTps))
                            + " tasks/s", BenchReport.plain(Math.round(rawTps)) + " sends/s (SendMessageBatch, 1 thread, 10 per batch)",
                            BenchReport.plain(100 * dispatchTps / rawTps) + " %"),
                    List.of("start-up over " + historyRecords + " records of history", BenchReport.plain(startup) + " s", "", ""),
                    List.of("live heap with the dispatcher running (after GC)", BenchReport.plain(heapMb) + " MiB", "", ""),
                    List.of("trigger written → task in the queue, " + latencies.size() + " triggers at 100/s",
                            "p50 " + BenchReport.plain(p50) + " ms, p99 " + BenchReport.plain(p99) + " ms", "", ""));
            var results = new LinkedHashMap<String, Double>();
            results.put("dispatch_tps", (double) Math.round(dispatchTps));
            results.put("raw_send_tps", (double) Math.round(rawTps));
            results.put("startup_s", Math.round(startup * 100) / 100.0);
            results.put("heap_mb", Math.round(heapMb * 10) / 10.0);
            results.put("p99_ms", Math.round(p99 * 10) / 10.0);
            var report = new BenchReport(header, rows, results);
            System.out.print(report.markdown());
            System.out.println(report.resultLine());
        }
    }

    private void configure(TimelineWriter writer, Map<String, ConfigHistory> configs, Instant time) {
        var manifests = new ArrayList<Manifest>();
        for (int t = 0; t < TENANTS; t++) {
            var tenant = tenant(t);
            manifests.add(Manifest.of(json.readTree("{\"apiVersion\":\"debugd.dev/v1alpha1\",\"kind\":\"Tenant\",\"metadata\":"
                    + "{\"name\":\"" + tenant + "\"},\"spec\":{\"confidenceThreshold\":0.7}}"), "bench"));
            manifests.add(Manifest.of(json.readTree("{\"apiVersion\":\"debugd.dev/v1alpha1\",\"kind\":\"Integration\",\"metadata\":"
                    + "{\"name\":\"" + tenant + "-github\"},\"spec\":{\"tenant\":\"" + tenant + "\",\"type\":\"github\",\"repository\":\"acme/shop\"}}"), "bench"));
            for (var agentType : AgentProfileSpec.Agent.values()) {
                var agent = agentType.value();
                manifests.add(Manifest.of(json.readTree("{\"apiVersion\":\"debugd.dev/v1alpha1\",\"kind\":\"AgentProfile\",\"metadata\":"
                        + "{\"name\":\"" + tenant + "-" + agent + "\"},\"spec\":{\"tenant\":\"" + tenant + "\",\"agent\":\"" + agent
                        + "\",\"version\":\"1.0.0\"}}"), "bench"));
            }
        }
        var facts = ConfigFacts.changes(configs, manifests, time, true);
        var positions = writer.writeAll(facts);
        for (int i = 0; i < facts.size(); i++) {
            configs.computeIfAbsent(facts.get(i).tenantId(), ConfigHistory::new).add(new TimelineRecord(facts.get(i),
                    positions.get(i).topic(), positions.get(i).partition(), positions.get(i).offset()));
        }
    }

    private static Event detected(String tenant, String incident, Instant time) {
        return Event.create(time, tenant, incident, 1, new Payload.IncidentDetected("checkout", "sig-" + incident, 1, "novelty",
                time, Map.of("occurrences", 12.0), "detector", null), new Event.Agent("incident-detector", "1"),
                IdempotencyKey.episode(tenant, incident), null);
    }

    /**
     * A settled history as a live system leaves it: per incident the trigger, each TaskRequested the rules give and
     * each task's output, through to a pull request (9 records), until the history has at least its size.
     */
    private long writeHistory(TimelineWriter writer, TimelineTopics topics, Map<String, ConfigHistory> configs, Instant time) {
        var ticker = new Progress(progress, "writing the history");
        var agent = new Event.Agent("bench-worker", "1.0.0");
        long written = 0;
        int incident = 0;
        var pending = new ArrayList<Event>();
        while (written < history) {
            var tenant = tenant(incident % TENANTS);
            var id = "hist-" + incident++;
            var trigger = detected(tenant, id, time);
            var chain = new ArrayList<Event>(List.of(trigger));
            for (int stage = 0; stage < 4; stage++) {
                // Positions only feed TaskRequested's trigger field here; the dispatcher never reads them back.
                var record = new TimelineRecord(trigger, topics.name(Topic.TIMELINE), 0, 0);
                var decision = DispatchRules.decide(record, configs.get(tenant), key -> Optional.empty(), cycle -> Optional.empty());
                var request = ((DispatchRules.Decision.Tasks) decision).requests().get(0);
                var key = ((Payload.TaskRequested) request.payload()).taskKey();
                Payload output = switch (stage) {
                    case 0 -> new Payload.ContextBuilt(new RawJson("{\"logs\":[\"placeholder\"]}"), List.of());
                    case 1 -> new Payload.RootCauseProposed("pool exhausted", RootCauseCategory.POOL_EXHAUSTION, 0.9, List.of(), null);
                    case 2 -> new Payload.FixDrafted("bound the pool", "--- a\n+++ b\n", null);
                    default -> new Payload.FixProposed("acme/shop", 1 + stage, "https://github.invalid/acme/shop/pull/1", null);
                };
                trigger = Event.create(time, tenant, id, 1, output, agent, key, request.eventId());
                chain.add(request);
                chain.add(trigger);
            }
            pending.addAll(chain);
            written += chain.size();
            if (pending.size() >= 5000 || written >= history) {
                writer.writeAll(pending);
                pending.clear();
                ticker.tick(written, history);
            }
        }
        progress.printf("history: %d records of %d incidents%n", written, incident);
        return written;
    }

    /** One round: {@code size} triggers dispatched, then the same bodies sent plainly; the seconds each took. */
    private double[] dispatchRound(Endpoints.Kafka kafka, TimelineTopics topics, SqsClient sqs,
            QueueProvisioning queues, Postgres postgres, Dispatcher dispatcher, String round, int size, Instant start)
            throws Exception {
        var prefix = "load-" + round + "-";
        try (var writer = new TimelineWriter(kafka, topics)) {
            var events = new ArrayList<Event>();
            for (int i = 0; i < size; i++) {
                events.add(detected(tenant(i % TENANTS), prefix + i, start.plusSeconds(3600)));
                if (events.size() == 5000 || i == size - 1) {
                    writer.writeAll(events);
                    events.clear();
                }
            }
        }
        dispatcher.awaitSends();
        long sentBefore = dispatcher.tasksSent();
        long began = System.nanoTime();
        var ticker = new Progress(progress, "dispatch " + round);
        while (dispatcher.tasksSent() - sentBefore < size) {
            dispatcher.step(Duration.ofMillis(200));
            ticker.tick(dispatcher.tasksSent() - sentBefore, size);
        }
        dispatcher.awaitSends();
        double dispatchSeconds = (System.nanoTime() - began) / 1e9;
        long dispatched = dispatcher.tasksSent() - sentBefore;
        long queued = queuedMessages(sqs, queues);
        if (queued != size || dispatched != size) {
            throw new IllegalStateException(dispatched + " tasks sent, " + queued + " in the queues, " + size + " expected");
        }
        var bodies = bodies(postgres, prefix);
        long bodyCount = bodies.values().stream().mapToLong(List::size).sum();
        if (bodyCount != size) {
            throw new IllegalStateException("the ledger holds " + bodyCount + " tasks of round " + round + ", " + size + " expected");
        }
        purge(sqs, queues);
        var raw = rawSend(sqs, queues, bodies);
        long rawQueued = queuedMessages(sqs, queues);
        if (rawQueued != size) {
            throw new IllegalStateException("plain sends left " + rawQueued + " messages, " + size + " expected");
        }
        purge(sqs, queues);
        progress.printf("round %s: %d tasks dispatched in %.2f s, sent plainly in %.2f s%n", round, size, dispatchSeconds, raw);
        return new double[] {dispatchSeconds, raw};
    }

    /** The bodies the dispatcher sent, with their queues, read back from the ledger. */
    private Map<String, List<String>> bodies(Postgres postgres, String incidentPrefix) throws Exception {
        var byQueue = new LinkedHashMap<String, List<String>>();
        var ledger = new LedgerStore(LedgerStore.SCHEMA);
        try (var connection = postgres.connect()) {
            connection.setAutoCommit(false);
            for (var task : ledger.due(connection, Instant.now().plus(Duration.ofDays(3650)), Duration.ZERO, Integer.MAX_VALUE)) {
                if (TaskMessage.parse(task.message()).incidentId().startsWith(incidentPrefix)) {
                    byQueue.computeIfAbsent(task.queue(), q -> new ArrayList<>()).add(task.message());
                }
            }
            connection.rollback();
        }
        return byQueue;
    }

    /** The ceiling: the same bodies to the same queues, one thread, ten per SendMessageBatch; seconds taken. */
    private double rawSend(SqsClient sqs, QueueProvisioning queues,
            Map<String, List<String>> bodies) {
        var ticker = new Progress(progress, "plain SendMessageBatch");
        long total = bodies.values().stream().mapToLong(List::size).sum();
        long sent = 0;
        long began = System.nanoTime();
        for (var entry : bodies.entrySet()) {
            var url = queues.ensure(entry.getKey()).url();
            var list = entry.getValue();
            for (int from = 0; from < list.size(); from += BATCH) {
                var chunk = list.subList(from, Math.min(list.size(), from + BATCH));
                var entries = new ArrayList<SendMessageBatchRequestEntry>();
                for (int i = 0; i < chunk.size(); i++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(i)).messageBody(chunk.get(i)).build());
                }
                var response = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
                if (!response.failed().isEmpty()) {
                    throw new IllegalStateException("plain send refused: " + response.failed().get(0).message());
                }
                sent += chunk.size();
                ticker.tick(sent, total);
            }
        }
        return (System.nanoTime() - began) / 1e9;
    }

    private static long queuedMessages(SqsClient sqs, QueueProvisioning queues) {
        long total = 0;
        for (int t = 0; t < TENANTS; t++) {
            var url = queues.ensure(TaskType.CONTEXT_BUILDER.queue(tenant(t))).url();
            var attributes = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            total += Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        }
        return total;
    }

    private static void purge(SqsClient sqs, QueueProvisioning queues) {
        for (int t = 0; t < TENANTS; t++) {
            var url = queues.ensure(TaskType.CONTEXT_BUILDER.queue(tenant(t))).url();
            sqs.purgeQueue(b -> b.queueUrl(url));
        }
    }

    /**
     * Triggers written at 100 per second while the dispatcher runs and a consumer long-polls the queues: the time
     * from each trigger's write to its task's receipt, in milliseconds.
     */
    private List<Double> latency(Endpoints.Kafka kafka, TimelineTopics topics, SqsClient sqs,
            QueueProvisioning queues, Dispatcher dispatcher, Instant time) throws Exception {
        var writtenAt = new ConcurrentHashMap<String, Long>();
        var latencies = Collections.synchronizedList(new ArrayList<Double>());
        var stop = new AtomicBoolean();
        // One long-polling consumer per queue: a message is received as soon as it arrives, without busy polling.
        var consumers = new ArrayList<Thread>();
        for (int t = 0; t < TENANTS; t++) {
            var url = queues.ensure(TaskType.CONTEXT_BUILDER.queue(tenant(t))).url();
            consumers.add(new Thread(() -> {
                while (!stop.get()) {
                    var messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                    long now = System.nanoTime();
                    for (var message : messages) {
                        var at = writtenAt.get(TaskMessage.parse(message.body()).incidentId());
                        if (at != null) {
                            latencies.add((now - at) / 1e6);
                        }
                        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
                    }
                }
            }, "latency-consumer-" + t));
        }
        var producer = new Thread(() -> {
            try (var writer = new TimelineWriter(kafka, topics)) {
                long next = System.nanoTime();
                for (int i = 0; i < latencyTriggers; i++) {
                    var incident = "latency-" + i;
                    while (System.nanoTime() < next) {
                        Thread.onSpinWait();
                    }
                    writtenAt.put(incident, System.nanoTime());
                    writer.write(detected(tenant(i % TENANTS), incident, time));
                    next += 10_000_000L;
                }
            }
        }, "latency-producer");
        consumers.forEach(Thread::start);
        producer.start();
        var ticker = new Progress(progress, "latency");
        long deadline = System.nanoTime() + Duration.ofSeconds(latencyTriggers / 100 + 120).toNanos();
        while (latencies.size() < latencyTriggers && System.nanoTime() < deadline) {
            dispatcher.step(Duration.ofMillis(20));
            ticker.tick(latencies.size(), latencyTriggers);
        }
        stop.set(true);
        producer.join();
        for (var consumer : consumers) {
            consumer.join();
        }
        if (latencies.size() != latencyTriggers) {
            throw new IllegalStateException("only " + latencies.size() + " of " + latencyTriggers + " latency tasks arrived");
        }
        return new ArrayList<>(latencies);
    }
}
