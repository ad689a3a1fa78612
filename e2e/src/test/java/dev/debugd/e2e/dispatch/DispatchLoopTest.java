package dev.debugd.e2e.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.dispatch.Dispatcher;
import dev.debugd.dispatch.rules.DispatchRules;
import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.readmodel.Replay;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.worker.PlaceholderWork;
import dev.debugd.worker.WorkerShell;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The dispatcher, the ledger, the queues and the worker shell together on the real stack. */
class DispatchLoopTest {

    private static final Instant T0 = Instant.parse("2026-05-01T09:00:00Z");
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final WorkerShell.AfterOutput NOTHING = task -> { };

    /** The four tasks of an incident that ends as a pull request, written out by hand. */
    private static List<String> fullRun(String incident) {
        return List.of("acme/" + incident + "/ContextBuilt/IncidentDetected/1/cycle-1",
                "acme/" + incident + "/RootCauseProposed/ContextBuilt/1.0.0/cycle-1",
                "acme/" + incident + "/FixDrafted/RootCauseProposed/1.0.0/cycle-1",
                "acme/" + incident + "/FixProposed/FixDrafted/1/cycle-1");
    }

    private static void workers(Loop loop, TaskType... types) throws Exception {
        for (var type : types) {
            var version = type.profileAgent().isPresent() ? "1.0.0" : TaskType.COMPONENT_VERSION;
            loop.worker("acme", type, version, new PlaceholderWork(0.9, List.of()), NOTHING);
        }
    }

    @Test
    void incidentsRunToPullRequestsAndAReplayRecreatesExactlyTheMissingWork() throws Exception {
        try (var loop = new Loop(Duration.ofSeconds(5), Duration.ofSeconds(10), 3)) {
            loop.standardTenant("acme", T0, 0.7, "1.0.0");
            loop.provision("acme");
            for (var incident : List.of("inc-1", "inc-2", "inc-3")) {
                loop.detect("acme", incident, T0.plusSeconds(60));
            }
            loop.startDispatcher(step -> { });
            // Part-way: context and root cause are worked on; fixes stay queued, nobody opens pull requests.
            workers(loop, TaskType.CONTEXT_BUILDER, TaskType.RCA);
            var expectedFixes = new TreeSet<>(List.of("acme/inc-1/FixDrafted/RootCauseProposed/1.0.0/cycle-1",
                    "acme/inc-2/FixDrafted/RootCauseProposed/1.0.0/cycle-1", "acme/inc-3/FixDrafted/RootCauseProposed/1.0.0/cycle-1"));
            loop.pumpUntil(() -> loop.requiredNotDone().equals(expectedFixes), PATIENCE, "three fixes required, the rest done");
            // Some work never sent: a fourth incident is decided by a dispatcher whose steps then crash before they
            // commit (after recording the TaskRequested in Kafka), so its task exists only as a fact.
            loop.stopWorkers();
            var crash = new AtomicBoolean();
            var crashing = loop.startDispatcher(step -> {
                if (crash.get()) {
                    throw new IllegalStateException("crash before commit");
                }
            });
            loop.pumpUntil(crashing::caughtUp, PATIENCE, "the restarted dispatcher catches up");
            loop.detect("acme", "inc-4", T0.plusSeconds(120));
            crash.set(true);
            for (int attempt = 0; crashing.tasksRequested() == 0; attempt++) {
                assertThat(attempt).as("steps until inc-4 is decided").isLessThan(50);
                try {
                    crashing.step(Loop.POLL);
                } catch (IllegalStateException expected) {
                    assertThat(expected).hasMessage("crash before commit");
                }
            }
            loop.stopDispatcher();

            // Stop everything, purge all queues, drop the ledger, replay from offset 0.
            loop.purgeQueues();
            loop.dropLedger();
            var dispatcher = loop.startDispatcher(step -> { });
            loop.pumpUntil(dispatcher::caughtUp, PATIENCE, "the replay reaches the end of the history");
            var expected = new TreeSet<>(expectedFixes);
            expected.add("acme/inc-4/ContextBuilt/IncidentDetected/1/cycle-1");
            assertThat(new TreeSet<>(loop.drainQueues())).isEqualTo(expected);
            assertThat(dispatcher.tasksSent()).isEqualTo(expected.size());
            assertThat(dispatcher.tasksRequested()).as("the replay records no new TaskRequested").isZero();

            // Every incident then completes: the drained messages come back after the lease, workers take them.
            workers(loop, TaskType.CONTEXT_BUILDER, TaskType.RCA, TaskType.FIX, TaskType.GITHUB);
            var all = new TreeSet<String>();
            for (var incident : List.of("inc-1", "inc-2", "inc-3", "inc-4")) {
                all.addAll(fullRun(incident));
            }
            loop.pumpUntil(() -> loop.done().containsAll(all), Duration.ofSeconds(120), "every incident has its pull request");
            assertThat(loop.required()).isEqualTo(all);
            assertThat(loop.requiredNotDone()).isEmpty();
            assertThat(Set.copyOf(loop.done())).containsAll(all);
        }
    }

    @Test
    void aConfigurationChangeDoesNotRewriteDecisionsTakenBeforeIt() throws Exception {
        // Configuration facts and outputs carry the wall clock here, as the loader and the workers do in production:
        // "as of the trigger's time" compares the two.
        var start = Instant.now().minusSeconds(600);
        try (var loop = new Loop(Duration.ofSeconds(5), Duration.ofSeconds(10), 3)) {
            loop.standardTenant("acme", start, 0.7, "1.0.0");
            loop.provision("acme");
            loop.detect("acme", "inc-1", start.plusSeconds(60));
            loop.startDispatcher(step -> { });
            workers(loop, TaskType.CONTEXT_BUILDER, TaskType.RCA, TaskType.FIX, TaskType.GITHUB);
            loop.pumpUntil(() -> loop.done().containsAll(fullRun("inc-1")), PATIENCE, "inc-1 has its pull request");

            // Raise the threshold above the placeholder's 0.9 and bump the root-cause agent; then a new incident.
            var change = Instant.now();
            loop.configure(change, Loop.tenant("acme", 0.95), Loop.agent("acme", "rca", "2.0.0"));
            loop.detect("acme", "inc-2", change.plusMillis(1));
            loop.worker("acme", TaskType.RCA, "2.0.0", new PlaceholderWork(0.9, List.of()), NOTHING);
            loop.worker("acme", TaskType.INSTRUMENTATION, "1.0.0", new PlaceholderWork(0.9, List.of()), NOTHING);
            var inc2 = List.of("acme/inc-2/ContextBuilt/IncidentDetected/1/cycle-1",
                    "acme/inc-2/RootCauseProposed/ContextBuilt/2.0.0/cycle-1",
                    "acme/inc-2/InstrumentationProposed/RootCauseProposed/1.0.0/cycle-1",
                    "acme/inc-2/InstrumentationPullRequestOpened/InstrumentationProposed/1/cycle-1");
            loop.pumpUntil(() -> loop.done().containsAll(inc2), PATIENCE, "inc-2 runs under the new settings");
            var expected = new TreeSet<>(fullRun("inc-1"));
            expected.addAll(inc2);
            assertThat(loop.required()).isEqualTo(expected);

            // Replay from offset 0: the same decisions, none new.
            loop.stopWorkers();
            loop.dropLedger();
            var replay = loop.startDispatcher(step -> { });
            loop.pumpUntil(replay::caughtUp, PATIENCE, "the replay reaches the end");
            assertThat(loop.required()).isEqualTo(expected);
            assertThat(replay.tasksRequested()).isZero();
            replay.awaitSends();
            assertThat(replay.tasksSent()).isZero();
        }
    }

    @Test
    void lostMessagesAreSentAgainAfterTheLeaseAndNoOutputIsDuplicated() throws Exception {
        try (var loop = new Loop(Duration.ofSeconds(3), Duration.ofSeconds(4), 3)) {
            loop.standardTenant("acme", T0, 0.7, "1.0.0");
            loop.provision("acme");
            loop.startDispatcher(step -> { });
            for (var incident : List.of("inc-1", "inc-2", "inc-3")) {
                loop.detect("acme", incident, T0.plusSeconds(60));
            }
            // Messages deleted behind the dispatcher's back, then a whole queue purged once.
            loop.pumpUntil(() -> loop.dispatcher().tasksSent() >= 3, PATIENCE, "three context tasks sent");
            assertThat(loop.drainQueues()).hasSize(3);
            workers(loop, TaskType.CONTEXT_BUILDER);
            loop.pumpUntil(() -> loop.done().size() == 3, PATIENCE, "the context tasks are sent again and done");
            loop.pumpUntil(() -> loop.required().size() == 6, PATIENCE, "three root-cause tasks required");
            loop.purgeQueues();
            workers(loop, TaskType.RCA, TaskType.FIX, TaskType.GITHUB);
            var all = new TreeSet<String>();
            for (var incident : List.of("inc-1", "inc-2", "inc-3")) {
                all.addAll(fullRun(incident));
            }
            loop.pumpUntil(() -> loop.done().containsAll(all), Duration.ofSeconds(90), "every incident completes");
            assertThat(loop.dispatcher().tasksSent()).isGreaterThanOrEqualTo(3 + 12);

            // One output per task in Kafka and in the read model.
            var outputs = loop.history().stream().filter(r -> DispatchRules.isOutput(r.event())).toList();
            assertThat(outputs).extracting(r -> r.event().idempotencyKey()).containsExactlyInAnyOrderElementsOf(all);
            assertThat(outputs).hasSize(12);
            loop.project();
            assertThat(loop.query("SELECT event->>'idempotency_key' FROM readmodel.timeline_events"
                    + " WHERE event->>'idempotency_key' LIKE 'acme/inc-%/cycle-1'")).isEqualTo(all);
            assertThat(loop.query("SELECT count(*) FROM readmodel.timeline_events WHERE event_type IN ('ContextBuilt',"
                    + " 'RootCauseProposed', 'FixDrafted', 'FixProposed')")).containsExactly("12");
        }
    }

    @Test
    void aHumansRetryIsDecidedOnceEvenWhenAReplayReadsItApartFromTheTaskItRequested() throws Exception {
        var rca = "acme/inc-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1";
        try (var loop = new Loop(Duration.ofSeconds(5), Duration.ofSeconds(10), 3)) {
            rootCauseRequired(loop, rca);

            // A human's retry, then more than a poll's worth of the incident's records on the same partition, so
            // the TaskRequested the retry leads to lies in a later batch than the retry itself.
            loop.writer.write(Event.create(T0.plusSeconds(300), "acme", "inc-1", 1, new Payload.TaskRetryRequested(rca,
                    "alice", 2), new Event.Agent("api", "1"), IdempotencyKey.clientRequest("acme", "retry-1"), null));
            morePollsWorth(loop, "acme", "inc-1");
            var live = loop.startDispatcher(step -> { });
            loop.pumpUntil(() -> loop.required().contains(rca + "/attempt-2"), PATIENCE, "the retry is required");
            assertThat(live.tasksRequested()).isEqualTo(1);

            loop.dropLedger();
            var replay = loop.startDispatcher(step -> { });
            loop.pumpUntil(replay::caughtUp, PATIENCE, "the replay reaches the end");
            assertThat(loop.required()).contains(rca + "/attempt-2");
            assertThat(replay.tasksRequested()).as("the replay records no new TaskRequested").isZero();
            assertThat(loop.history()).filteredOn(r -> r.event().payload() instanceof Payload.TaskRequested task
                    && task.taskKey().equals(rca + "/attempt-2")).hasSize(1);
        }
    }

    @Test
    void aSuppressedIncidentGetsNoMoreWorkEvenFromALateOutput() throws Exception {
        var rca = "acme/inc-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1";
        var fix = "acme/inc-1/FixDrafted/RootCauseProposed/1.0.0/cycle-1";
        var otherRca = "acme/inc-2/RootCauseProposed/ContextBuilt/1.0.0/cycle-1";
        var otherFix = "acme/inc-2/FixDrafted/RootCauseProposed/1.0.0/cycle-1";
        var lease = Duration.ofSeconds(2);
        try (var loop = new Loop(lease, lease, 3)) {
            loop.standardTenant("acme", T0, 0.7, "1.0.0");
            loop.provision("acme");
            loop.detect("acme", "inc-1", T0.plusSeconds(60));
            loop.detect("acme", "inc-2", T0.plusSeconds(60));
            var live = loop.startDispatcher(step -> { });
            workers(loop, TaskType.CONTEXT_BUILDER);
            loop.pumpUntil(() -> live.tasksSent() >= 4, PATIENCE, "both root-cause tasks sent");
            loop.stopWorkers();
            // A human suppresses inc-1 while both root-cause tasks wait in their queue: a worker then skips inc-1's.
            loop.writer.write(Event.create(T0.plusSeconds(200), "acme", "inc-1", 1, new Payload.IncidentSuppressed(
                    "a known flake", null, "alice"), new Event.Agent("api", "1"), IdempotencyKey.clientRequest("acme", "s-1"), null));
            loop.pumpUntil(() -> loop.query("SELECT task_key FROM ledger.tasks WHERE settled").contains(rca), PATIENCE,
                    "inc-1's root-cause task is settled");
            workers(loop, TaskType.RCA);
            loop.pumpUntil(() -> loop.done().contains(otherRca) && empty(loop, TaskType.RCA.queue("acme")), PATIENCE,
                    "inc-2's root cause is found and inc-1's message is taken off the queue");
            loop.stopWorkers();
            assertThat(loop.history()).filteredOn(r -> r.event().idempotencyKey().equals(rca)
                    && r.event().payload() instanceof Payload.RootCauseProposed).isEmpty();
            // A run of inc-1's task that began before the suppression answers late, asking for a fix.
            loop.writer.write(Event.create(T0.plusSeconds(300), "acme", "inc-1", 1, new Payload.RootCauseProposed(
                    "the pool is too small", RootCauseCategory.POOL_EXHAUSTION, 0.9, List.of(), null),
                    new Event.Agent("rca-worker", "1.0.0"), rca, null));
            loop.pumpUntil(() -> loop.required().containsAll(List.of(fix, otherFix)), PATIENCE, "both fixes are decided");

            // For several leases the sweeper sends inc-2's fix, and nothing of inc-1.
            var sent = new ArrayList<String>();
            long until = System.nanoTime() + lease.multipliedBy(3).toNanos();
            while (System.nanoTime() < until || !sent.contains(otherFix)) {
                loop.pump();
                sent.addAll(loop.drainQueues());
                assertThat(sent.size()).as("messages sent").isLessThan(100);
            }
            assertThat(sent).contains(otherFix).doesNotContain(fix);
            assertThat(loop.query("SELECT task_key FROM ledger.tasks WHERE settled")).contains(rca, fix);

            // Replay from offset 0 settles the same tasks: it sends the open work of inc-2 and nothing of inc-1.
            loop.stopDispatcher();
            loop.purgeQueues();
            loop.dropLedger();
            var replay = loop.startDispatcher(step -> { });
            loop.pumpUntil(replay::caughtUp, PATIENCE, "the replay reaches the end");
            assertThat(new TreeSet<>(loop.drainQueues())).containsExactly(otherFix);
            assertThat(replay.tasksRequested()).isZero();
        }
    }

    @Test
    void aLedgerWrittenBeforeCyclesWereClosedIsReadAgainAndSettlesTheirWork() throws Exception {
        var rca = "acme/inc-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1";
        try (var loop = new Loop(Duration.ofSeconds(2), Duration.ofSeconds(2), 3)) {
            rootCauseRequired(loop, rca);
            loop.writer.write(Event.create(T0.plusSeconds(200), "acme", "inc-1", 1, new Payload.IncidentSuppressed(
                    "a known flake", null, "alice"), new Event.Agent("api", "1"), IdempotencyKey.clientRequest("acme", "s-1"), null));

            // The ledger as the version before closed cycles left it: the task required, offsets past the suppression.
            List<Object> task;
            try (var connection = loop.database.connect(); var statement = connection.createStatement();
                    var rs = statement.executeQuery("SELECT task_key, tenant_id, incident_id, task_type, queue, requested_topic,"
                            + " requested_partition, requested_offset, message FROM ledger.tasks WHERE task_key = '" + rca + "'")) {
                rs.next();
                task = new ArrayList<>();
                for (int i = 1; i <= 9; i++) {
                    task.add(rs.getObject(i));
                }
            }
            loop.dropLedger();
            var pg = loop.database.postgres;
            Flyway.configure().dataSource(pg.jdbcUrl(), pg.user(), pg.password()).schemas("ledger").defaultSchema("ledger")
                    .createSchemas(true).locations("classpath:db/ledger").target("1").load().migrate();
            try (var connection = loop.database.connect(); var reader = new TimelineReader(loop.endpoints.kafka(),
                    loop.topics.topics, Replay.AGENT, 10)) {
                try (var insert = connection.prepareStatement("INSERT INTO ledger.tasks (task_key, tenant_id, incident_id,"
                        + " task_type, queue, requested_topic, requested_partition, requested_offset, message)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (int i = 0; i < 9; i++) {
                        insert.setObject(i + 1, task.get(i));
                    }
                    insert.executeUpdate();
                }
                try (var insert = connection.prepareStatement("INSERT INTO ledger.dispatcher_offsets (topic, partition,"
                        + " next_offset, writer_epoch) VALUES (?, ?, ?, 0)")) {
                    for (var end : reader.endOffsets(reader.partitions()).entrySet()) {
                        insert.setString(1, end.getKey().topic());
                        insert.setInt(2, end.getKey().partition());
                        insert.setLong(3, end.getValue());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }

            // The upgraded dispatcher reads the history again, settles the suppressed incident's task and, for longer
            // than the lease, sends nothing.
            loop.purgeQueues();
            var upgraded = loop.startDispatcher(step -> { });
            loop.pumpUntil(upgraded::caughtUp, PATIENCE, "the upgraded dispatcher reads the history again");
            assertThat(loop.query("SELECT task_key || ' ' || cycle FROM ledger.tasks WHERE settled")).contains(rca + " 1");
            assertThat(upgraded.tasksRequested()).isZero();
            var sent = new ArrayList<String>();
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until) {
                loop.pump();
                sent.addAll(loop.drainQueues());
            }
            assertThat(sent).isEmpty();
        }
    }

    @Test
    void aTriggerThatWaitedForItsTenantIsDecidedOnceEvenWhenAReplayReadsTheTenantApartFromTheTask() throws Exception {
        var key = "globex/inc-9/ContextBuilt/IncidentDetected/1/cycle-1";
        try (var loop = new Loop(Duration.ofSeconds(5), Duration.ofSeconds(10), 3)) {
            loop.provision("globex");
            loop.detect("globex", "inc-9", T0.plusSeconds(60));
            loop.startDispatcher(step -> { });
            loop.pumpUntil(() -> !loop.query("SELECT trigger_event_id FROM ledger.pending_triggers").isEmpty(), PATIENCE,
                    "the detection waits for its tenant");
            loop.stopDispatcher();
            // The tenant arrives; then more than a poll's worth of the incident's records, before the task the arrival
            // leads to.
            loop.configure(T0.plusSeconds(120), Loop.tenant("globex", 0.7));
            morePollsWorth(loop, "globex", "inc-9");
            var live = loop.startDispatcher(step -> { });
            loop.pumpUntil(() -> loop.required().contains(key), PATIENCE, "the detection is decided once its tenant exists");
            assertThat(live.tasksRequested()).isEqualTo(1);

            loop.dropLedger();
            var replay = loop.startDispatcher(step -> { });
            loop.pumpUntil(replay::caughtUp, PATIENCE, "the replay reaches the end");
            assertThat(loop.required()).contains(key);
            assertThat(replay.tasksRequested()).as("the replay records no new TaskRequested").isZero();
            assertThat(loop.history()).filteredOn(r -> r.event().payload() instanceof Payload.TaskRequested task
                    && task.taskKey().equals(key)).hasSize(1);
        }
    }

    /** acme's inc-1, worked until its root-cause task is required; then the workers and the dispatcher stop. */
    private static void rootCauseRequired(Loop loop, String rca) throws Exception {
        loop.standardTenant("acme", T0, 0.7, "1.0.0");
        loop.provision("acme");
        loop.detect("acme", "inc-1", T0.plusSeconds(60));
        loop.startDispatcher(step -> { });
        workers(loop, TaskType.CONTEXT_BUILDER);
        loop.pumpUntil(() -> loop.required().contains(rca), PATIENCE, "the root-cause task is required");
        loop.stopWorkers();
        loop.stopDispatcher();
    }

    /** More than a poll's worth of an incident's records (failed runs), on its partition of the internal topic. */
    private static void morePollsWorth(Loop loop, String tenant, String incident) {
        var failures = new ArrayList<Event>();
        for (int i = 0; i <= Dispatcher.Wiring.POLL_RECORDS; i++) {
            failures.add(Event.create(T0.plusSeconds(61), tenant, incident, 1, new Payload.AgentRunFailed("k-" + i,
                    "the model timed out", true), new Event.Agent("rca-worker", "1.0.0"),
                    IdempotencyKey.clientRequest(tenant, "failure-" + i), null));
        }
        loop.writer.writeAll(failures);
    }

    /** No message in the queue, visible or held by a worker. */
    private static boolean empty(Loop loop, String logical) {
        return loop.sqs.getQueueAttributes(b -> b.queueUrl(loop.queues.ensure(logical).url()).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes().values().stream().allMatch("0"::equals);
    }
}
