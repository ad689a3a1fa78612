package dev.debugd.dispatch;

import dev.debugd.config.ConfigHistory;
import dev.debugd.config.Endpoints;
import dev.debugd.dispatch.rules.DispatchRules;
import dev.debugd.dispatch.rules.DispatchRules.Decision;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.timeline.Topic;
import dev.debugd.timeline.kafka.OutputsReader;
import dev.debugd.timeline.kafka.RecordFetcher;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.timeline.kafka.TimelineTopics;
import dev.debugd.timeline.kafka.TimelineWriter;
import dev.debugd.timeline.offsets.StoredOffsets;
import dev.debugd.timeline.offsets.StoredOffsets.OffsetMove;
import dev.debugd.workqueue.QueueProvisioning;
import dev.debugd.workqueue.TaskMessage;
import dev.debugd.workqueue.TaskSender;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The dispatcher's shell (ARCHITECTURE §4). Each step reads the internal topic (configuration, requested,
 * abandoned and waiting work) and the trigger topics, decides the triggers with {@link DispatchRules}, records each
 * decision in Kafka, and commits the ledger with its offsets in one Postgres transaction. Work is sent to SQS only
 * from the ledger, after commit and once the history that existed at start-up has been read, so a replay sends
 * exactly the work that is required and not done; the sweeper sends it again after a lease.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int SEND_LIMIT = 1000;

    /** Called inside each step's transaction just before it commits; a failure aborts it. A seam for crash tests. */
    public interface BeforeCommit {
        void check(int step) throws Exception;
    }

    /** The dispatcher's connections; closing them leaves the SQS client, which the caller owns. */
    public record Wiring(TimelineReader reader, TimelineWriter writer, RecordFetcher fetcher, OutputsReader outputs, SqsClient sqs,
            QueueProvisioning queues, TimelineTopics topics) implements AutoCloseable {

        /** Records read per poll of each reader: big enough to batch writes, small enough to commit often. */
        public static final int POLL_RECORDS = 1000;

        public static Wiring connect(Endpoints.Kafka kafka, TimelineTopics topics, SqsClient sqs, QueueProvisioning queues) {
            return new Wiring(new TimelineReader(kafka, topics, DispatchRules.DISPATCHER, POLL_RECORDS,
                    EventCodec.Contexts.CHECKED_ONLY), new TimelineWriter(kafka, topics),
                    new RecordFetcher(kafka), new OutputsReader(kafka, topics, POLL_RECORDS), sqs, queues, topics);
        }

        @Override
        public void close() {
            reader.close();
            outputs.close();
            writer.close();
            fetcher.close();
        }
    }

    private final Wiring wiring;
    private final TaskSender sender;
    private final Admission admission;
    private final LedgerStore ledger;
    private final StoredOffsets offsets;
    private final Connection connection;
    /** The sending thread's own connection: a send's queries and updates never share the deciding transaction. */
    private final Connection sendConnection;
    private final ExecutorService sending = Executors.newSingleThreadExecutor(r -> {
        var thread = new Thread(r, "dispatcher-sender");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Future<?> inFlight;
    private final Clock clock;
    private final BeforeCommit beforeCommit;
    private final long epoch;
    private final List<TopicPartition> internalPartitions = new ArrayList<>();
    private final List<TopicPartition> triggerPartitions = new ArrayList<>();
    private final Map<TopicPartition, Long> positions;
    private final Map<TopicPartition, Long> startEnds;
    private final Map<String, ConfigHistory> configs = new HashMap<>();
    /** TaskRequested records this dispatcher wrote and has not read back yet (forgotten on rollback). */
    private final Set<Payload.RecordPosition> ownWrites = new HashSet<>();
    private boolean internalCaughtUp;
    /** Whether the triggers held back during the internal topic's catch-up were decided (once per start). */
    private boolean pendingSettled;
    private boolean caughtUp;
    private int steps;
    private long requested;
    private volatile long sent;
    private long abandoned;

    public Dispatcher(Wiring wiring, Postgres postgres, String schema, Clock clock, BeforeCommit beforeCommit)
            throws SQLException {
        this.wiring = wiring;
        this.sender = new TaskSender(wiring.sqs(), wiring.queues());
        this.ledger = new LedgerStore(schema);
        this.offsets = new StoredOffsets(ledger.schema() + ".dispatcher_offsets", Postgres.SETTINGS + ".dispatcher_epoch");
        this.clock = clock;
        this.beforeCommit = beforeCommit;
        this.admission = new Admission(wiring.outputs(), wiring.writer(), ledger, offsets, DispatchRules.DISPATCHER);
        postgres.migrate(schema, "ledger");
        this.connection = ledgerConnection(postgres);
        this.sendConnection = ledgerConnection(postgres);
        this.epoch = offsets.claimEpoch(connection);
        var internalTopic = wiring.topics().name(Topic.INTERNAL);
        for (var partition : wiring.reader().partitions()) {
            (partition.topic().equals(internalTopic) ? internalPartitions : triggerPartitions).add(partition);
        }
        var all = new ArrayList<>(internalPartitions);
        all.addAll(triggerPartitions);
        this.positions = new HashMap<>(offsets.load(connection, all));
        for (var fact : ledger.configFacts(connection)) {
            configs.computeIfAbsent(fact.event().tenantId(), ConfigHistory::new).add(fact);
        }
        connection.commit();
        this.startEnds = wiring.reader().endOffsets(all);
        this.internalCaughtUp = reached(internalPartitions);
        assignReader();
        LOG.info("dispatcher epoch {} starts: ledger schema {}, {} tenants configured, {} records to read up to the"
                + " history's end at start", epoch, schema, configs.size(), lag(startEnds));
    }

    /**
     * The ledger is a cache of Kafka: a commit lost in a crash is read and decided again (the same facts, the same
     * ids) or sent again (at least once), and Postgres stays consistent either way, so commits need not wait for
     * the disk.
     */
    private static Connection ledgerConnection(Postgres postgres) throws SQLException {
        var connection = postgres.connect();
        try (var statement = connection.createStatement()) {
            statement.execute("SET synchronous_commit = off");
        }
        connection.setAutoCommit(false);
        return connection;
    }

    private Map<TopicPartition, Long> subset(List<TopicPartition> partitions) {
        var subset = new HashMap<TopicPartition, Long>();
        partitions.forEach(p -> subset.put(p, positions.get(p)));
        return subset;
    }

    private long lag(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - positions.get(e.getKey()))).sum();
    }

    /** True once the history that existed at start-up is read: from then on work is sent. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public long tasksRequested() {
        return requested;
    }

    /** Tasks sent so far (a send may be in flight: {@link #awaitSends} first for a settled figure). */
    public long tasksSent() {
        return sent;
    }

    /** Tasks abandoned so far: dead-lettered after their receive budget, or failed in a way retrying cannot mend. */
    public long tasksAbandoned() {
        return abandoned + admission.abandoned();
    }

    /**
     * Reads and decides one batch, commits, then sends what is due. Until the internal topic is read up to its end as
     * of start-up, only it is read, so work already requested is known before any trigger is decided. Returns the
     * number of records read.
     */
    public int step(Duration pollTimeout) throws Exception {
        settleOnce(); // the internal topic may have been read to its end before this start
        var batch = wiring.reader().poll(pollTimeout);
        // Records that do not decode are passed over here; the projector records each as EventRejected.
        int read = batch.records().size() + batch.rejections().size();
        if (!batch.nextOffsets().isEmpty()) {
            transact(batch);
        }
        if (!internalCaughtUp && reached(internalPartitions)) {
            internalCaughtUp = true;
            assignReader();
        }
        settleOnce();
        if (!caughtUp && reached(startEnds.keySet())) {
            caughtUp = true;
            LOG.info("dispatcher caught up with the history at start; sending work from now on");
        }
        if (caughtUp) {
            // Outputs are judged once the history at start is read, so the ledger knows every task and every output
            // admitted before: a copy is never refused for a task not read yet, and never made twice.
            read += admission.step(connection, epoch, Duration.ZERO);
            sendInBackground();
        }
        return read;
    }

    /** What admission did so far: outputs copied into the shared topics, outputs rejected, and how long copies took. */
    public Admission.Stats admissionStats() {
        return admission.stats();
    }

    private boolean reached(Collection<TopicPartition> partitions) {
        return partitions.stream().allMatch(p -> positions.get(p) >= startEnds.get(p));
    }

    /** The internal topic alone while it catches up, then every topic; from the committed positions. */
    private void assignReader() {
        var assigned = new ArrayList<>(internalPartitions);
        if (internalCaughtUp) {
            assigned.addAll(triggerPartitions);
        }
        wiring.reader().assign(subset(assigned));
    }

    /** One transaction: the batch's facts and decisions into the ledger, with the offsets they lead to. */
    private void transact(TimelineReader.Batch batch) throws Exception {
        try {
            var changedTenants = new LinkedHashSet<String>();
            var triggers = new ArrayList<TimelineRecord>();
            var internalTopic = wiring.topics().name(Topic.INTERNAL);
            var internal = batch.records().stream().filter(r -> r.topic().equals(internalTopic)).toList();
            var others = batch.records().stream().filter(r -> !r.topic().equals(internalTopic)).toList();
            applyInternal(internal, changedTenants, triggers);
            if (!changedTenants.isEmpty()) {
                admission.lookForTopicsSoon(); // a new tenant is provisioned before its configuration is recorded
            }
            var outputs = others.stream().map(TimelineRecord::event).filter(DispatchRules::isOutput).toList();
            ledger.mark(connection, "done_keys", outputs, Event::idempotencyKey);
            // Before deciding: a ContextBuilt and the RootCauseProposed it led to may be in this very batch.
            ledger.recordContexts(connection, others.stream().filter(r -> r.event().payload() instanceof Payload.ContextBuilt).toList());
            ledger.recordRootCauses(connection, others.stream()
                    .filter(r -> r.event().payload() instanceof Payload.RootCauseProposed).toList());
            int cancelled = ledger.closeCycles(connection, others.stream().map(TimelineRecord::event).toList());
            if (cancelled > 0) {
                LOG.info("{} open task(s) no longer sent: their incident's cycle was suppressed, resolved or reopened, or was"
                        + " opened by a reopen that a person's close made void", cancelled);
            }
            triggers.addAll(others);
            decide(triggers);
            if (internalCaughtUp) { // until then, waiting triggers are retried once the catch-up is over
                for (var tenant : changedTenants) {
                    retryPending(tenant);
                }
            }
            var moves = new HashMap<TopicPartition, OffsetMove>();
            batch.nextOffsets().forEach((p, next) -> moves.put(p, new OffsetMove(positions.get(p), next)));
            if (!offsets.advance(connection, moves, epoch)) {
                throw new IllegalStateException("dispatcher epoch " + epoch + " was fenced: a newer dispatcher owns the ledger");
            }
            beforeCommit.check(++steps);
            connection.commit();
            moves.forEach((p, move) -> positions.put(p, move.to()));
        } catch (Exception e) {
            connection.rollback();
            ownWrites.clear();
            configs.clear();
            for (var fact : ledger.configFacts(connection)) {
                configs.computeIfAbsent(fact.event().tenantId(), ConfigHistory::new).add(fact);
            }
            connection.commit();
            assignReader();
            throw e;
        }
    }

    private void settleOnce() throws Exception {
        if (internalCaughtUp && !pendingSettled) {
            settlePending();
            pendingSettled = true;
        }
    }

    /**
     * Once the internal topic is read to its end as of start-up: the triggers held back while it was read are
     * decided, and every waiting trigger is tried again with the configuration read meanwhile. Run at every start
     * (it is idempotent), so a crash before this commits loses nothing.
     */
    private void settlePending() throws Exception {
        try {
            if (!offsets.holds(connection, epoch)) {
                throw new IllegalStateException("dispatcher epoch " + epoch + " was fenced: a newer dispatcher owns the ledger");
            }
            for (var tenant : ledger.pendingTenants(connection)) {
                decide(ledger.held(connection, tenant)); // already met ones (waiting for configuration) are skipped
                retryPending(tenant);
            }
            beforeCommit.check(++steps);
            connection.commit();
        } catch (Exception e) {
            connection.rollback();
            ownWrites.clear();
            throw e;
        }
    }

    private void applyInternal(List<TimelineRecord> records, Set<String> changedTenants, List<TimelineRecord> triggers)
            throws SQLException {
        var requests = new ArrayList<TimelineRecord>();
        var abandonedTasks = new ArrayList<Event>();
        var configFacts = new ArrayList<TimelineRecord>();
        for (var record : records) {
            var event = record.event();
            if (event.payload() instanceof Payload.TaskRequested) {
                // What this dispatcher wrote is in the ledger already, at this very position.
                if (!ownWrites.remove(new Payload.RecordPosition(record.topic(), record.partition(), record.offset()))) {
                    requests.add(record);
                }
            } else if (event.payload() instanceof Payload.TaskAbandoned) {
                abandonedTasks.add(event);
            } else if (event.payload() instanceof Payload.DispatchFailed failed) {
                ledger.addPending(connection, event.tenantId(), failed.triggerEventId(), failed.trigger());
            } else if (ConfigHistory.isConfiguration(event)) {
                configFacts.add(record);
                configs.computeIfAbsent(event.tenantId(), ConfigHistory::new).add(record);
                changedTenants.add(event.tenantId());
            } else if (DispatchRules.isTrigger(event)) {
                if (internalCaughtUp) {
                    triggers.add(record);
                } else {
                    // A human's retry read while the internal topic catches up is decided once it has: the task it
                    // led to may lie later in this topic, and deciding now would record that task a second time.
                    ledger.hold(connection, record);
                }
            }
        }
        ledger.require(connection, requests);
        ledger.mark(connection, "abandoned_keys", abandonedTasks, e -> ((Payload.TaskAbandoned) e.payload()).taskKey());
        ledger.storeConfig(connection, configFacts);
    }

    private void decide(List<TimelineRecord> records) throws SQLException {
        var candidates = records.stream().filter(r -> DispatchRules.isTrigger(r.event())).toList();
        if (candidates.isEmpty()) {
            return;
        }
        var seen = ledger.seen(connection, candidates.stream().map(r -> r.event().eventId()).toList());
        var decisions = new LinkedHashMap<TimelineRecord, Decision>();
        var decidedNow = new HashSet<UUID>();
        for (var trigger : candidates) {
            // A second record of one event (a retried write, a raced task) is not decided again: the first one wins.
            if (!seen.contains(trigger.event().eventId()) && decidedNow.add(trigger.event().eventId())) {
                decisions.put(trigger, decideOne(trigger));
            }
        }
        record(decisions);
    }

    private Decision decideOne(TimelineRecord trigger) throws SQLException {
        var tenant = trigger.event().tenantId();
        var history = configs.computeIfAbsent(tenant, ConfigHistory::new);
        var originals = new HashMap<String, Optional<Payload.TaskRequested>>();
        if (trigger.event().payload() instanceof Payload.TaskRetryRequested retry) {
            originals.put(retry.taskKey(), ledger.request(connection, retry.taskKey()).flatMap(wiring.fetcher()::fetch)
                    .map(record -> record.event().payload()).filter(Payload.TaskRequested.class::isInstance)
                    .map(Payload.TaskRequested.class::cast));
        }
        var event = trigger.event();
        // The cycle's context for an output's next task; the cycle before's for a reopened investigation's context build.
        int contextCycle = DispatchRules.isOutput(event) ? event.cycle()
                : event.payload() instanceof Payload.InvestigationReopened ? event.cycle() - 1 : 0;
        var context = contextCycle > 0 ? ledger.context(connection, tenant, event.incidentId(), contextCycle)
                : Optional.<Payload.RecordPosition>empty();
        var contextKey = DispatchRules.cycleKey(tenant, event.incidentId(), contextCycle);
        var rootCause = event.payload() instanceof Payload.FixDrafted fix && fix.rootCauseEventId() != null
                ? ledger.rootCause(connection, fix.rootCauseEventId()) : Optional.<Payload.RecordPosition>empty();
        return DispatchRules.decide(trigger, history, key -> originals.getOrDefault(key, Optional.empty()),
                cycle -> cycle.equals(contextKey) ? context : Optional.empty(), id -> rootCause);
    }

    /**
     * Records decisions in Kafka (only tasks not recorded yet; all writes of a batch awaited together) and in the
     * ledger: the tasks as required, the triggers as met, waiting triggers as pending.
     */
    private void record(Map<TimelineRecord, Decision> decisions) throws SQLException {
        var requests = new ArrayList<Event>();
        var failures = new ArrayList<Event>();
        decisions.forEach((trigger, decision) -> {
            if (decision instanceof Decision.Tasks tasks) {
                requests.addAll(tasks.requests());
            } else {
                var fact = ((Decision.Failed) decision).dispatchFailed();
                LOG.warn("cannot dispatch {} {} of {}/{} yet: {}", trigger.event().eventType(), trigger.event().eventId(),
                        trigger.event().tenantId(), trigger.event().incidentId(), ((Payload.DispatchFailed) fact.payload()).reason());
                failures.add(fact);
            }
        });
        var known = ledger.required(connection, requests.stream().map(Dispatcher::taskKey).toList());
        var fresh = new ArrayList<Event>();
        var freshKeys = new HashSet<String>();
        for (var request : requests) {
            if (!known.contains(taskKey(request)) && freshKeys.add(taskKey(request))) {
                fresh.add(request);
            }
        }
        var toWrite = new ArrayList<>(fresh);
        toWrite.addAll(failures);
        var written = wiring.writer().writeAll(toWrite);
        var records = new ArrayList<TimelineRecord>();
        for (int i = 0; i < fresh.size(); i++) {
            records.add(new TimelineRecord(fresh.get(i), written.get(i).topic(), written.get(i).partition(), written.get(i).offset()));
            ownWrites.add(written.get(i));
        }
        ledger.require(connection, records);
        requested += fresh.size();
        var met = new LinkedHashMap<UUID, Boolean>();
        decisions.forEach((trigger, decision) -> met.put(trigger.event().eventId(), decision instanceof Decision.Tasks));
        ledger.met(connection, met);
        for (var failure : failures) {
            var failed = (Payload.DispatchFailed) failure.payload();
            ledger.addPending(connection, failure.tenantId(), failed.triggerEventId(), failed.trigger());
        }
    }

    private static String taskKey(Event request) {
        return ((Payload.TaskRequested) request.payload()).taskKey();
    }

    /** A tenant's configuration changed: its waiting triggers are decided again. */
    private void retryPending(String tenant) throws SQLException {
        for (var position : ledger.pending(connection, tenant)) {
            var trigger = wiring.fetcher().fetch(position);
            if (trigger.isEmpty()) {
                LOG.warn("waiting trigger at {} cannot be read; it stays waiting", position);
                continue;
            }
            var decision = decideOne(trigger.get());
            if (decision instanceof Decision.Tasks) {
                record(Map.of(trigger.get(), decision));
            }
        }
    }

    /**
     * Sends what is due on the sending thread while the next step reads and decides: one send in flight at a time,
     * so sending stays one thread with batches of ten, overlapped with deciding.
     */
    private void sendInBackground() {
        awaitSends();
        inFlight = sending.submit(() -> {
            try {
                sendDue();
            } catch (Exception e) {
                LOG.warn("sending due tasks failed (they stay due): {}", e.toString());
                try {
                    sendConnection.rollback();
                } catch (SQLException ignored) {
                    // the next send starts a new transaction anyway
                }
            }
        });
    }

    /** Waits for the send in flight, if any. */
    public void awaitSends() {
        var pending = inFlight;
        if (pending == null) {
            return;
        }
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Sends required work that is not settled (done, abandoned, or of a closed cycle) and was not sent within the
     * lease (on the sending thread).
     */
    private int sendDue() throws SQLException {
        var connection = sendConnection;
        int total = 0;
        while (true) {
            var now = clock.instant();
            var due = ledger.due(connection, now, wiring.queues().settings().lease(), SEND_LIMIT);
            connection.commit();
            if (due.isEmpty()) {
                return total;
            }
            var outcome = sender.send(due.stream().map(t -> new TaskSender.Addressed(t.queue(), t.key(), t.message())).toList());
            outcome.failures().forEach(f -> LOG.warn("task not sent (the sweeper will send it again): {}", f));
            ledger.enqueued(connection, outcome.sent(), now);
            connection.commit();
            sent += outcome.sent().size();
            total += outcome.sent().size();
            if (due.size() < SEND_LIMIT || outcome.sent().isEmpty()) {
                return total;
            }
        }
    }

    /**
     * Looks into the dead-letter queue of every queue with work: a task there has used its receive budget and is
     * recorded as abandoned (the incident shows it; a human may retry), then deleted. A message that is not a task
     * was recorded as rejected by the worker that met it and stays for a human, hidden from this look for 12 hours.
     */
    public int collectDeadLetters() throws SQLException {
        var queues = ledger.queues(connection);
        connection.commit();
        var settings = wiring.queues().settings();
        int collected = 0;
        for (var queue : queues) {
            var deadLetterUrl = wiring.queues().ensure(queue).deadLetterUrl();
            var messages = wiring.sqs().receiveMessage(b -> b.queueUrl(deadLetterUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            for (var message : messages) {
                TaskMessage task;
                try {
                    task = TaskMessage.parse(message.body());
                } catch (IllegalArgumentException e) {
                    wiring.sqs().changeMessageVisibility(b -> b.queueUrl(deadLetterUrl).receiptHandle(message.receiptHandle())
                            .visibilityTimeout(12 * 3600));
                    continue;
                }
                wiring.writer().write(Event.create(clock.instant(), task.tenantId(), task.incidentId(), task.cycle(),
                        new Payload.TaskAbandoned(task.taskKey(), task.taskType(), settings.receiveBudget(),
                                "dead-lettered after " + settings.receiveBudget() + " receives on " + queue),
                        DispatchRules.DISPATCHER, IdempotencyKey.abandoned(task.taskKey()), task.taskEventId()));
                wiring.sqs().deleteMessage(b -> b.queueUrl(deadLetterUrl).receiptHandle(message.receiptHandle()));
                abandoned++;
                collected++;
            }
        }
        return collected;
    }

    @Override
    public void close() throws SQLException {
        try {
            awaitSends();
        } finally {
            sending.shutdownNow();
            sendConnection.close();
            connection.close();
        }
    }
}
