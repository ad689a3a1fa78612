package dev.debugd.e2e.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.access.AuditTrail;
import dev.debugd.config.Endpoints;
import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.e2e.ingest.IngestServer;
import dev.debugd.operator.kafka.KafkaUsers;
import dev.debugd.operator.model.KafkaAccess;
import dev.debugd.tasks.LedgerTasks;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.timeline.kafka.RecordFetcher;
import dev.debugd.worker.PlaceholderWork;
import dev.debugd.worker.WorkerShell;
import dev.debugd.workqueue.HttpTaskInputs;
import dev.debugd.workqueue.WorkloadTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The task API (ARCHITECTURE §4) on the real stack: a tenant workload with only its workload token and a Kafka user
 * that may write its tenant's outputs topic works a task end to end, and the API serves nothing else to anyone.
 */
class TaskApiTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final WorkerShell.AfterOutput NOTHING = task -> { };
    /** A fixed name: its Kafka user is reused by every run (users are never deleted, ARCHITECTURE §9). */
    private static final String TENANT = "optest-taskapi";
    private static final String RCA_KEY = TENANT + "/inc-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aWorkloadWithOnlyItsTokenAndAWriteOnlyUserWorksATaskAndIsServedNothingElse() throws Exception {
        try (var loop = new Loop(Duration.ofSeconds(30), Duration.ofSeconds(120), 5); var api = new IngestServer();
                var users = new KafkaUsers(loop.endpoints.kafka());
                var ledgerPool = loop.postgres.pool("task-api", 2);
                var tasks = new LedgerTasks(ledgerPool, loop.ledger, new RecordFetcher(loop.endpoints.kafka()))) {
            var start = Instant.now().minusSeconds(600);
            loop.standardTenant(TENANT, start, 0.7, "1.0.0");
            loop.standardTenant("optest-other", start, 0.7, "1.0.0");
            loop.detect(TENANT, "inc-1", start.plusSeconds(60));
            loop.startDispatcher(step -> { });
            loop.worker(TENANT, TaskType.CONTEXT_BUILDER, "1", new PlaceholderWork(0.9, List.of()), NOTHING);
            loop.pumpUntil(() -> loop.required().contains(RCA_KEY), PATIENCE, "the root-cause task is required");

            // What the operator gives an rca agent: a Kafka user with write access to its outputs topic, and a token.
            var user = TENANT + ".agent.rca";
            var password = KafkaUsers.randomPassword();
            users.setCredential(user, password);
            users.grantExactly(user, KafkaAccess.workload(user, loop.topics.topics.outputs(TENANT)));
            var tokens = new WorkloadTokens(api.pool);
            var token = WorkloadTokens.newToken();
            tokens.register("team-a/agent/" + TENANT + "-rca", new WorkloadTokens.Scope(TENANT, "rca"), token);
            var otherToken = WorkloadTokens.newToken();
            tokens.register("team-a/agent/optest-other-rca", new WorkloadTokens.Scope("optest-other", "rca"), otherToken);
            var fixToken = WorkloadTokens.newToken();
            tokens.register("team-a/agent/" + TENANT + "-fix", new WorkloadTokens.Scope(TENANT, "fix"), fixToken);
            assertThat(new AuditTrail(api.pool).list(TENANT, 10, 0)).extracting(e -> e.actor() + " " + e.action() + " " + e.subject())
                    .containsExactlyInAnyOrder("debugd-operator workload_token_registered team-a/agent/" + TENANT + "-rca",
                            "debugd-operator workload_token_registered team-a/agent/" + TENANT + "-fix");
            var server = api.startWithTaskApi(tasks);
            var base = URI.create("http://127.0.0.1:" + server.port() + "/");

            var rcaTask = tasks.task(RCA_KEY).orElseThrow();
            assertThat(rcaTask.records()).containsKey("context");
            var context = rcaTask.records().get("context");
            var trigger = rcaTask.trigger();
            // Another tenant's token, another role's token, no token, an unlisted record, bad parameters.
            assertThat(get(base, input(RCA_KEY, trigger), otherToken)).startsWith("404 ");
            assertThat(get(base, "v1/tasks/state?key=" + encode(RCA_KEY), otherToken)).startsWith("404 ");
            assertThat(get(base, input(RCA_KEY, trigger), fixToken)).startsWith("404 ");
            assertThat(get(base, input(RCA_KEY, trigger), null)).startsWith("401 ");
            assertThat(get(base, input(RCA_KEY, trigger), "dbw_not-a-token")).startsWith("401 ");
            var unlisted = new Payload.RecordPosition(trigger.topic(), trigger.partition(), trigger.offset() + 1000);
            assertThat(get(base, input(RCA_KEY, unlisted), token)).startsWith("404 ");
            assertThat(get(base, "v1/tasks/input?key=" + encode(RCA_KEY) + "&topic=x&partition=one&offset=0", token))
                    .isEqualTo("400 {\"error\":\"partition and offset must be whole numbers of at least 0\"}");
            assertThat(get(base, "v1/tasks/state?key=" + encode(RCA_KEY), token)).isEqualTo("200 {\"key\":\"" + RCA_KEY
                    + "\",\"settled\":false}");

            // The workload: the task API for its input, its own user for its output; no Kafka read, no database.
            var inputs = new HttpTaskInputs(base, token);
            assertThat(inputs.trigger(rcaTask)).map(TimelineRecord::event).map(e -> e.payload().getClass().getSimpleName())
                    .contains("ContextBuilt");
            assertThat(inputs.record(rcaTask, context)).map(TimelineRecord::event).map(e -> e.payload().getClass().getSimpleName())
                    .contains("ContextBuilt");
            var workload = new Endpoints.Kafka(loop.endpoints.kafka().bootstrapServers(), user, password);
            loop.workload(TENANT, TaskType.RCA, "1.0.0", new PlaceholderWork(0.6, List.of()), inputs, workload);
            loop.pumpUntil(() -> loop.done().contains(RCA_KEY), PATIENCE, "the workload's root cause settles its task");

            assertThat(loop.history()).extracting(TimelineRecord::event)
                    .filteredOn(e -> e.payload() instanceof Payload.RootCauseProposed).singleElement()
                    .satisfies(e -> assertThat(((Payload.RootCauseProposed) e.payload()).confidence()).isEqualTo(0.6));
            assertThat(get(base, "v1/tasks/state?key=" + encode(RCA_KEY), token)).contains("\"settled\":true");
            assertThat(inputs.isSettled(rcaTask)).isTrue();
        } finally {
            try (var users = new KafkaUsers(dev.debugd.e2e.stack.LocalStack.requireKafka().kafka())) {
                users.revoke(TENANT + ".agent.rca");
            }
        }
    }

    private static String input(String key, Payload.RecordPosition position) {
        return "v1/tasks/input?key=" + encode(key) + "&topic=" + encode(position.topic()) + "&partition=" + position.partition()
                + "&offset=" + position.offset();
    }

    private static String get(URI base, String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
