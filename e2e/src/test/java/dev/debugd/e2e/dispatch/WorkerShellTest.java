package dev.debugd.e2e.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.worker.PlaceholderWork;
import dev.debugd.worker.TaskHandler;
import dev.debugd.worker.UnworkableTask;
import dev.debugd.worker.WorkerShell;
import dev.debugd.worker.WorkerShell.Outcome;
import dev.debugd.workqueue.TaskMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The worker shell's promises, each on the real stack: races, crashes, poison, strangers and spent budgets. */
class WorkerShellTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final WorkerShell.AfterOutput NOTHING = task -> { };
    private static final PlaceholderWork CONFIDENT = new PlaceholderWork(0.9, List.of());
    private static final String RCA_KEY = "acme/inc-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1";

    private static Loop withIncident(Duration visibility, Duration lease, int budget) throws Exception {
        var loop = new Loop(visibility, lease, budget);
        var start = Instant.now().minusSeconds(600);
        loop.standardTenant("acme", start, 0.7, "1.0.0");
        loop.provision("acme");
        loop.detect("acme", "inc-1", start.plusSeconds(60));
        loop.startDispatcher(step -> { });
        loop.worker("acme", TaskType.CONTEXT_BUILDER, "1", CONFIDENT, NOTHING);
        loop.pumpUntil(() -> loop.required().contains(RCA_KEY), PATIENCE, "the root-cause task is required");
        return loop;
    }

    @Test
    void aTaskRunTwiceKeepsTheLowestOffsetsOutputEverywhere() throws Exception {
        // The first run stalls past the lease; the sweeper sends the task again and a second worker finishes first
        // with a low confidence. The first run's output, written later, loses in the read model and in routing.
        try (var loop = withIncident(Duration.ofSeconds(2), Duration.ofSeconds(3), 5)) {
            var entered = new CountDownLatch(1);
            var release = new CountDownLatch(1);
            TaskHandler stalling = (task, input) -> {
                entered.countDown();
                release.await(60, TimeUnit.SECONDS);
                return CONFIDENT.handle(task, input);
            };
            var slow = loop.worker("acme", TaskType.RCA, "1.0.0", stalling, NOTHING);
            var background = Executors.newSingleThreadExecutor();
            var slowRun = background.submit(() -> slow.pollOnce(Duration.ofSeconds(10)));
            loop.pumpUntil(() -> entered.getCount() == 0, PATIENCE, "the slow worker holds the task");
            var fast = loop.worker("acme", TaskType.RCA, "1.0.0", new PlaceholderWork(0.5, List.of()), NOTHING);
            var fastOutcomes = new ArrayList<Outcome>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!fastOutcomes.contains(Outcome.DONE)) {
                assertThat(System.nanoTime()).as("the second run finishes").isLessThan(deadline);
                loop.dispatcher().step(Loop.POLL);
                fastOutcomes.addAll(fast.pollOnce(Duration.ZERO));
            }
            release.countDown();
            assertThat(slowRun.get(60, TimeUnit.SECONDS)).containsExactly(Outcome.DONE);
            background.shutdown();
            loop.worker("acme", TaskType.INSTRUMENTATION, "1.0.0", CONFIDENT, NOTHING);
            loop.worker("acme", TaskType.FIX, "1.0.0", CONFIDENT, NOTHING);
            var instrumentation = "acme/inc-1/InstrumentationProposed/RootCauseProposed/1.0.0/cycle-1";
            loop.pumpUntil(() -> loop.done().contains(instrumentation), PATIENCE, "the low-confidence route is taken");
            for (int i = 0; i < 10; i++) {
                loop.pump();
            }

            // Both runs wrote their output, with one event id; admission copied the first one (and the second only if it
            // came before the first was read back as done).
            var written = loop.outputsOf("acme").stream().filter(e -> e.idempotencyKey().equals(RCA_KEY)).toList();
            assertThat(written).extracting(e -> ((Payload.RootCauseProposed) e.payload()).confidence()).containsExactly(0.5, 0.9);
            assertThat(written.get(1).eventId()).isEqualTo(written.get(0).eventId());
            var outputs = loop.history().stream().filter(r -> r.event().idempotencyKey().equals(RCA_KEY)
                    && r.event().payload() instanceof Payload.RootCauseProposed).toList();
            assertThat(outputs).hasSizeBetween(1, 2).allSatisfy(r -> assertThat(r.event().eventId()).isEqualTo(written.get(0).eventId()));
            var first = Collections.min(outputs, (a, b) -> Long.compare(a.offset(), b.offset()));
            assertThat(((Payload.RootCauseProposed) first.event().payload()).confidence()).isEqualTo(0.5);
            // Routing: decided once, on the lowest offset's confidence.
            assertThat(loop.required()).contains(instrumentation)
                    .doesNotContain("acme/inc-1/FixDrafted/RootCauseProposed/1.0.0/cycle-1");
            // The read model agrees.
            loop.project();
            assertThat(loop.query("SELECT h->>'confidence' FROM readmodel.incidents, jsonb_array_elements(view->'hypotheses') h"
                    + " WHERE incident_id = 'inc-1'")).containsExactly("0.5");
        }
    }

    @Test
    void aCrashBetweenWritingTheOutputAndDeletingTheMessageIsRecognisedAsDone() throws Exception {
        try (var loop = withIncident(Duration.ofSeconds(2), Duration.ofSeconds(60), 5)) {
            var crashed = new AtomicBoolean();
            var crashing = loop.worker("acme", TaskType.RCA, "1.0.0", CONFIDENT, task -> {
                if (crashed.compareAndSet(false, true)) {
                    throw new IllegalStateException("crash after the output, before the delete");
                }
            });
            var outcomes = new ArrayList<Outcome>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!outcomes.contains(Outcome.ALREADY_SETTLED)) {
                assertThat(System.nanoTime()).as("the message comes back and is found done").isLessThan(deadline);
                loop.dispatcher().step(Loop.POLL);
                outcomes.addAll(crashing.pollOnce(Duration.ZERO));
            }
            // The crash surfaced as a failed run (its output was written), then the redelivery found the task done.
            assertThat(outcomes).containsExactly(Outcome.FAILED, Outcome.ALREADY_SETTLED);
            var outputs = loop.history().stream().filter(r -> r.event().idempotencyKey().equals(RCA_KEY)
                    && r.event().payload() instanceof Payload.RootCauseProposed).toList();
            assertThat(outputs).hasSize(1);
        }
    }

    @Test
    void visibilityIsExtendedWhileAWorkerWorks() throws Exception {
        try (var loop = withIncident(Duration.ofSeconds(2), Duration.ofSeconds(60), 5)) {
            var runs = new AtomicInteger();
            TaskHandler slow = (task, input) -> {
                runs.incrementAndGet();
                Thread.sleep(7000); // three and a half visibility timeouts
                return CONFIDENT.handle(task, input);
            };
            var worker = loop.worker("acme", TaskType.RCA, "1.0.0", slow, NOTHING);
            var other = loop.worker("acme", TaskType.RCA, "1.0.0", slow, NOTHING);
            var background = Executors.newSingleThreadExecutor();
            var first = background.submit(() -> worker.pollOnce(Duration.ofSeconds(10)));
            await("the first worker takes the task").atMost(PATIENCE).until(() -> runs.get() > 0);
            var seenByOther = new ArrayList<Outcome>();
            while (!first.isDone()) {
                seenByOther.addAll(other.pollOnce(Duration.ofSeconds(1)));
            }
            background.shutdown();
            assertThat(first.get()).containsExactly(Outcome.DONE);
            assertThat(seenByOther).isEmpty();
            assertThat(runs).hasValue(1);
        }
    }

    @Test
    void poisonStrangersAndOtherVersionsDoNotStopTheQueue() throws Exception {
        try (var loop = withIncident(Duration.ofSeconds(2), Duration.ofSeconds(60), 5)) {
            // Poison on every task queue of the tenant.
            for (var type : TaskType.values()) {
                var url = loop.queues.ensure(type.queue("acme")).url();
                loop.sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"task_key\": 42, not json"));
            }
            var rejected = new ArrayList<Outcome>();
            var workers = new ArrayList<WorkerShell>();
            for (var type : TaskType.values()) {
                var version = type.profileAgent().isPresent() ? "1.0.0" : "1";
                workers.add(loop.worker("acme", type, version, CONFIDENT, NOTHING));
            }
            // A worker of another version releases the root-cause task; the right version then does it.
            var stranger = loop.worker("acme", TaskType.RCA, "0.9.0", CONFIDENT, NOTHING);
            var strangerOutcomes = new ArrayList<Outcome>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!loop.done().contains(RCA_KEY) || rejected.size() < TaskType.values().length) {
                assertThat(System.nanoTime()).as("poison rejected and the task done; rejected " + rejected).isLessThan(deadline);
                loop.dispatcher().step(Loop.POLL);
                var seen = stranger.pollOnce(Duration.ZERO);
                strangerOutcomes.addAll(seen);
                seen.stream().filter(o -> o == Outcome.REJECTED).forEach(rejected::add);
                for (var worker : workers) {
                    worker.pollOnce(Duration.ZERO).stream().filter(o -> o == Outcome.REJECTED).forEach(rejected::add);
                }
            }
            assertThat(strangerOutcomes).doesNotContain(Outcome.DONE, Outcome.ALREADY_SETTLED).contains(Outcome.RELEASED);
            var facts = loop.history().stream().map(TimelineRecord::event)
                    .filter(e -> e.payload() instanceof Payload.EventRejected).toList();
            assertThat(facts).hasSize(TaskType.values().length);
            assertThat(facts).allSatisfy(e -> assertThat(((Payload.EventRejected) e.payload()).reason()).startsWith("not a task message"));
            // The poison waits in the dead-letter queues for a human.
            for (var type : TaskType.values()) {
                var deadLetters = loop.sqs.getQueueAttributes(b -> b.queueUrl(loop.queues.ensure(type.queue("acme")).deadLetterUrl())
                        .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings();
                assertThat(deadLetters.get("ApproximateNumberOfMessages")).as(type.name()).isEqualTo("1");
            }
        }
    }

    private static Event detected(String tenant, String incident) {
        var now = Instant.now();
        return Event.create(now, tenant, incident, 1, new Payload.IncidentDetected("checkout", "sig-" + incident, 1, "novelty", now,
                Map.of(), "detector", null), new Event.Agent("detector", "1"), IdempotencyKey.episode(tenant, incident), null);
    }

    @Test
    void aTaskOnAnotherTenantsQueueOrPointingAtAnotherTenantsRecordIsDeadLettered() throws Exception {
        try (var loop = withIncident(Duration.ofSeconds(2), Duration.ofSeconds(60), 5)) {
            loop.provision("globex");
            var acmeTrigger = loop.writer.write(detected("acme", "inc-2"));
            var globexRecord = loop.writer.write(detected("globex", "inc-9"));
            // acme's task, moved to globex's queue.
            var moved = new TaskMessage("acme/inc-2/ContextBuilt/IncidentDetected/1/cycle-1", "context-builder", "ContextBuilt",
                    "acme", "inc-2", 1, "1", acmeTrigger, UUID.randomUUID());
            var globexQueue = loop.queues.ensure(TaskType.CONTEXT_BUILDER.queue("globex"));
            loop.sqs.sendMessage(b -> b.queueUrl(globexQueue.url()).messageBody(moved.toJson()));
            var globexWorker = loop.worker("globex", TaskType.CONTEXT_BUILDER, "1", CONFIDENT, NOTHING);
            await().atMost(PATIENCE).until(() -> globexWorker.pollOnce(Duration.ofSeconds(1)).contains(Outcome.REJECTED));
            // A task of acme's own whose trigger position points at globex's record.
            var pointing = new TaskMessage("acme/inc-2/RootCauseProposed/ContextBuilt/1.0.0/cycle-1", "rca", "RootCauseProposed",
                    "acme", "inc-2", 1, "1.0.0", globexRecord, UUID.randomUUID());
            var acmeQueue = loop.queues.ensure(TaskType.RCA.queue("acme"));
            loop.sqs.sendMessage(b -> b.queueUrl(acmeQueue.url()).messageBody(pointing.toJson()));
            var acmeWorker = loop.worker("acme", TaskType.RCA, "1.0.0", CONFIDENT, NOTHING);
            await().atMost(PATIENCE).until(() -> acmeWorker.pollOnce(Duration.ofSeconds(1)).contains(Outcome.REJECTED));
            // Each worker reports the refusal in its own tenant's outputs topic (admission then lets a tenant report on
            // its own queues: AdmissionTest).
            var reports = new ArrayList<>(loop.outputsOf("globex"));
            reports.addAll(loop.outputsOf("acme"));
            var rejected = reports.stream().filter(e -> e.payload() instanceof Payload.EventRejected)
                    .map(e -> e.tenantId() + ": " + ((Payload.EventRejected) e.payload()).reason()).toList();
            assertThat(rejected).containsExactlyInAnyOrder(
                    "globex: the task is tenant acme's, and this queue is tenant globex's",
                    "acme: the trigger at " + globexRecord + " is a record of another tenant, not acme's");
            assertThat(loop.history().stream().map(r -> r.event().idempotencyKey()))
                    .noneMatch(key -> key.startsWith("acme/inc-2/ContextBuilt") || key.startsWith("acme/inc-2/RootCauseProposed"));
            for (var queue : List.of(globexQueue, acmeQueue)) {
                var deadLetters = loop.sqs.getQueueAttributes(b -> b.queueUrl(queue.deadLetterUrl())
                        .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings();
                assertThat(deadLetters.get("ApproximateNumberOfMessages")).as(queue.logicalName()).isEqualTo("1");
            }
        }
    }

    @Test
    void workForAnUnknownTenantWaitsForItsConfiguration() throws Exception {
        try (var loop = withIncident(Duration.ofSeconds(2), Duration.ofSeconds(60), 5)) {
            var detected = Instant.now().minusSeconds(30);
            loop.detect("globex", "inc-9", detected);
            var key = "globex/inc-9/ContextBuilt/IncidentDetected/1/cycle-1";
            for (int i = 0; i < 10; i++) {
                loop.pump();
            }
            assertThat(loop.required()).doesNotContain(key);
            var failures = loop.history().stream().filter(r -> r.event().payload() instanceof Payload.DispatchFailed).toList();
            assertThat(failures).hasSize(1);
            assertThat(((Payload.DispatchFailed) failures.get(0).event().payload()).reason())
                    .isEqualTo("tenant 'globex' has no configuration as of " + detected);

            loop.configure(Instant.now(), Loop.tenant("globex", 0.7));
            loop.worker("globex", TaskType.CONTEXT_BUILDER, "1", CONFIDENT, NOTHING);
            loop.pumpUntil(() -> loop.done().contains(key), PATIENCE, "the waiting trigger is decided once the tenant exists");
        }
    }

    @Test
    void aTaskPastItsReceiveBudgetIsAbandonedAndNotSentAgain() throws Exception {
        try (var loop = withIncident(Duration.ofSeconds(1), Duration.ofSeconds(3), 2)) {
            var attempts = new AtomicInteger();
            loop.worker("acme", TaskType.RCA, "1.0.0", (task, input) -> {
                attempts.incrementAndGet();
                throw new IllegalStateException("the model answered nonsense");
            }, NOTHING);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (loop.dispatcher().tasksAbandoned() == 0) {
                assertThat(System.nanoTime()).as("the task is abandoned").isLessThan(deadline);
                loop.pump();
                loop.dispatcher().collectDeadLetters();
            }
            loop.pumpUntil(() -> loop.query("SELECT task_key FROM ledger.abandoned_keys").contains(RCA_KEY), PATIENCE,
                    "the ledger knows the task is abandoned");
            int before = attempts.get();
            assertThat(before).isEqualTo(2);
            loop.dispatcher().awaitSends();
            long sent = loop.dispatcher().tasksSent();
            // For longer than the lease, the dispatcher keeps running and sends the abandoned task no more.
            await("nothing is sent again").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> {
                loop.pump();
                loop.dispatcher().awaitSends();
                return loop.dispatcher().tasksSent() == sent && attempts.get() == before;
            });
            var facts = loop.history().stream().map(TimelineRecord::event).toList();
            assertThat(facts).filteredOn(e -> e.payload() instanceof Payload.AgentRunFailed).hasSize(2);
            assertThat(facts).filteredOn(e -> e.payload() instanceof Payload.TaskAbandoned).singleElement()
                    .satisfies(e -> assertThat(((Payload.TaskAbandoned) e.payload()).taskKey()).isEqualTo(RCA_KEY));

            // A human retries it: a new attempt with a key of its own, worked by a healthy worker.
            loop.stopWorkers();
            loop.writer.write(Event.create(Instant.now(), "acme", "inc-1", 1,
                    new Payload.TaskRetryRequested(RCA_KEY, "alice", 2), new dev.debugd.timeline.Event.Agent("api", "1"),
                    dev.debugd.timeline.IdempotencyKey.clientRequest("acme", "retry-1"), null));
            loop.worker("acme", TaskType.RCA, "1.0.0", CONFIDENT, NOTHING);
            loop.pumpUntil(() -> loop.done().contains(RCA_KEY + "/attempt-2"), PATIENCE, "the retried attempt is done");
            assertThat(loop.requiredNotDone()).doesNotContain(RCA_KEY + "/attempt-2");
        }
    }

    @Test
    void aTaskRetryingCannotMendIsAbandonedAtOnceWithItsReason() throws Exception {
        try (var loop = withIncident(Duration.ofSeconds(1), Duration.ofSeconds(3), 5)) {
            var attempts = new AtomicInteger();
            loop.worker("acme", TaskType.RCA, "1.0.0", (task, input) -> {
                attempts.incrementAndGet();
                throw new UnworkableTask("the task lists no ContextBuilt as its context (got IncidentDetected)");
            }, NOTHING);
            loop.pumpUntil(() -> loop.query("SELECT task_key FROM ledger.abandoned_keys").contains(RCA_KEY), PATIENCE,
                    "the ledger knows the task is abandoned");
            assertThat(loop.dispatcher().tasksAbandoned()).isEqualTo(1);
            loop.dispatcher().awaitSends();
            long sent = loop.dispatcher().tasksSent();
            // Past the lease and the visibility timeout, nothing comes back and nothing is sent again.
            await("nothing is sent again").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> {
                loop.pump();
                loop.dispatcher().awaitSends();
                return loop.dispatcher().tasksSent() == sent && attempts.get() == 1;
            });
            var facts = loop.history().stream().map(TimelineRecord::event).toList();
            assertThat(facts).filteredOn(e -> e.payload() instanceof Payload.AgentRunFailed).singleElement()
                    .satisfies(e -> assertThat(((Payload.AgentRunFailed) e.payload()).retryable()).isFalse());
            assertThat(facts).filteredOn(e -> e.payload() instanceof Payload.TaskAbandoned).singleElement().satisfies(e -> {
                var abandoned = (Payload.TaskAbandoned) e.payload();
                assertThat(abandoned.taskKey()).isEqualTo(RCA_KEY);
                assertThat(abandoned.receiveCount()).isEqualTo(1);
                assertThat(abandoned.reason()).isEqualTo("retrying cannot mend it: the task lists no ContextBuilt as its context"
                        + " (got IncidentDetected)");
                assertThat(e.idempotencyKey()).isEqualTo(IdempotencyKey.abandoned(RCA_KEY));
            });
            // A replay from offset 0 abandons nothing a second time: admission copies no failed run twice.
            loop.stopDispatcher();
            loop.dropLedger();
            var replay = loop.startDispatcher(step -> { });
            loop.pumpUntil(replay::caughtUp, PATIENCE, "the replay reaches the end");
            loop.pumpUntil(() -> loop.query("SELECT task_key FROM ledger.abandoned_keys").contains(RCA_KEY), PATIENCE,
                    "the replayed ledger knows the task is abandoned");
            for (int i = 0; i < 20; i++) {
                loop.pump();
            }
            assertThat(loop.history().stream().map(TimelineRecord::event).filter(e -> e.payload() instanceof Payload.TaskAbandoned))
                    .hasSize(1);
        }
    }

    @Test
    void aTaskWhoseVisibilityLapsesWhileItsWorkerIsFrozenKeepsTheLowestOffsetsOutput() throws Exception {
        // A worker process takes the root-cause task and is frozen (SIGSTOP) mid-run, heartbeat and all, so the
        // message's visibility lapses; a second worker runs the task and finishes first with a low confidence; then
        // the first thaws and writes its own answer later. Routing and the read model keep the first-written one.
        try (var loop = withIncident(Duration.ofSeconds(3), Duration.ofSeconds(120), 5)) {
            var log = java.nio.file.Files.createTempFile("worker", ".log");
            var process = new ProcessBuilder("bin/debugd", "work", "--tenant", "acme", "--task-type", "rca", "--version", "1.0.0",
                    "--placeholder-delay", "6s", "--placeholder-confidence", "0.9", "--topic-prefix", loop.topics.topics.prefix(),
                    "--queue-prefix", loop.settings.queuePrefix(), "--visibility", "3s", "--tasks", "1")
                    .directory(dev.debugd.e2e.stack.LocalStack.root().toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            process.environment().put("PGDATABASE", loop.database.postgres.database());
            var frozen = process.start();
            try {
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (!java.nio.file.Files.readString(log).contains("working on " + RCA_KEY)) {
                    assertThat(frozen.isAlive()).as(java.nio.file.Files.readString(log)).isTrue();
                    assertThat(System.nanoTime()).as("the worker process takes the task").isLessThan(deadline);
                    loop.dispatcher().step(Loop.POLL);
                }
                signal("STOP", frozen.pid());
                var second = loop.worker("acme", TaskType.RCA, "1.0.0", new PlaceholderWork(0.5, List.of()), NOTHING);
                var outcomes = new ArrayList<Outcome>();
                while (!outcomes.contains(Outcome.DONE)) {
                    assertThat(System.nanoTime()).as("the second worker gets the lapsed task").isLessThan(deadline);
                    loop.dispatcher().step(Loop.POLL);
                    outcomes.addAll(second.pollOnce(Duration.ofSeconds(1)));
                }
                signal("CONT", frozen.pid());
                assertThat(frozen.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(frozen.exitValue()).as(java.nio.file.Files.readString(log)).isZero();
                assertThat(java.nio.file.Files.readString(log)).contains("wrote the output of " + RCA_KEY);
            } finally {
                frozen.destroyForcibly();
            }
            loop.worker("acme", TaskType.INSTRUMENTATION, "1.0.0", CONFIDENT, NOTHING);
            var instrumentation = "acme/inc-1/InstrumentationProposed/RootCauseProposed/1.0.0/cycle-1";
            loop.pumpUntil(() -> loop.done().contains(instrumentation), PATIENCE, "the low-confidence route is taken");
            // Both runs wrote their output, the thawed one last; the shared topic's first copy is the first one's.
            var written = loop.outputsOf("acme").stream().filter(e -> e.idempotencyKey().equals(RCA_KEY)).toList();
            assertThat(written).extracting(e -> ((Payload.RootCauseProposed) e.payload()).confidence()).containsExactly(0.5, 0.9);
            var outputs = loop.history().stream().filter(r -> r.event().idempotencyKey().equals(RCA_KEY)
                    && r.event().payload() instanceof Payload.RootCauseProposed).toList();
            assertThat(outputs).hasSizeBetween(1, 2);
            var first = Collections.min(outputs, (a, b) -> Long.compare(a.offset(), b.offset()));
            assertThat(((Payload.RootCauseProposed) first.event().payload()).confidence()).isEqualTo(0.5);
            assertThat(loop.required()).contains(instrumentation).doesNotContain("acme/inc-1/FixDrafted/RootCauseProposed/1.0.0/cycle-1");
            loop.project();
            assertThat(loop.query("SELECT h->>'confidence' FROM readmodel.incidents, jsonb_array_elements(view->'hypotheses') h"
                    + " WHERE incident_id = 'inc-1'")).containsExactly("0.5");
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        var kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
