package dev.debugd.e2e.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.debugd.config.Endpoints;
import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.e2e.ingest.IngestServer;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.e2e.stack.Processes;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.evidence.clickhouse.EvidenceSchema;
import dev.debugd.operator.kafka.KafkaUsers;
import dev.debugd.operator.model.KafkaAccess;
import dev.debugd.operator.model.PlatformAccess;
import dev.debugd.readmodel.ReadModelSchemas;
import dev.debugd.tasks.LedgerTasks;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.Topic;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.timeline.kafka.RecordFetcher;
import dev.debugd.timeline.kafka.TimelineWriter;
import dev.debugd.worker.PlaceholderWork;
import dev.debugd.workqueue.HttpTaskInputs;
import dev.debugd.workqueue.WorkloadTokens;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline as a cluster runs it, every role logged in to Kafka as its own user with exactly the ACLs the operator
 * gives it (PlatformAccess, KafkaAccess), none as the admin: the detector's incidents go through the dispatcher, the
 * shared context builder (`bin/debugd context-build`, one process for every tenant), an rca workload (its token and a
 * write-only user) and the projector, for two tenants.
 */
class PerRoleUsersTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** Fixed names: every run reuses the same Kafka users (users are never deleted, ARCHITECTURE §9). */
    private static final String USER_PREFIX = "optest-roles-";
    private static final String TENANT = "optest-roles";
    private static final String OTHER = "optest-roles-b";
    private static final String RCA_USER = TENANT + ".agent.rca";
    private static final List<PlatformAccess.Role> ROLES = List.of(PlatformAccess.Role.DETECT, PlatformAccess.Role.DISPATCH,
            PlatformAccess.Role.CONTEXT_BUILDER, PlatformAccess.Role.PROJECT, PlatformAccess.Role.SERVE);

    @TempDir
    Path logs;

    @Test
    void eachRoleDoesItsPartAsItsOwnUser() throws Exception {
        var clickhouseDatabase = LocalStack.uniqueName("roles").replace('-', '_');
        var admin = new ClickHouseHttp(LocalStack.requireClickHouse().clickhouse(), "default");
        try (var loop = new Loop(Duration.ofSeconds(30), Duration.ofSeconds(120), 5); var api = new IngestServer();
                var users = new KafkaUsers(loop.endpoints.kafka())) {
            // The context builder reads an evidence database of the test's own: empty, so every context lists its
            // signals as missing, which is enough to build one.
            admin.execute("CREATE DATABASE " + clickhouseDatabase);
            new EvidenceSchema(new ClickHouseHttp(loop.endpoints.clickhouse(), clickhouseDatabase)).migrate();
            var start = Instant.now().minusSeconds(600);
            loop.standardTenant(TENANT, start, 0.7, "1.0.0");
            loop.standardTenant(OTHER, start, 0.7, "1.0.0");

            var kafka = new EnumMap<PlatformAccess.Role, Endpoints.Kafka>(PlatformAccess.Role.class);
            for (var role : ROLES) {
                var user = PlatformAccess.user(USER_PREFIX, role);
                var password = KafkaUsers.randomPassword();
                users.setCredential(user, password);
                users.grantExactly(user, PlatformAccess.acls(user, role, loop.topics.topics));
                kafka.put(role, new Endpoints.Kafka(loop.endpoints.kafka().bootstrapServers(), user, password));
            }
            kafka.forEach((role, login) -> awaitAuthorized(login, loop.topics.topics.name(role == PlatformAccess.Role.DETECT
                    ? Topic.INTERNAL : Topic.TIMELINE)));

            // The detector's incidents, one per tenant, written as its user.
            try (var detector = new TimelineWriter(kafka.get(PlatformAccess.Role.DETECT), loop.topics.topics)) {
                for (var tenant : List.of(TENANT, OTHER)) {
                    var time = start.plusSeconds(60);
                    detector.write(Event.create(time, tenant, "inc-1", 1, new Payload.IncidentDetected("checkout", "sig-1", 1,
                            "novelty", time, Map.of("occurrences", 12.0), "detector", null), Loop.DETECTOR,
                            IdempotencyKey.episode(tenant, "inc-1"), null));
                }
            }
            loop.startDispatcher(kafka.get(PlatformAccess.Role.DISPATCH), step -> { });
            var builderLog = logs.resolve("context-build.log");
            var contextBuilder = Processes.start(List.of("bin/debugd", "context-build", "--topic-prefix",
                    loop.topics.topics.prefix(), "--queue-prefix", loop.settings.queuePrefix(), "--clickhouse-database",
                    clickhouseDatabase, "--refresh", "1s"), environment(kafka.get(PlatformAccess.Role.CONTEXT_BUILDER), loop),
                    builderLog);
            try {
                var rcaKey = TENANT + "/inc-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1";
                try {
                    loop.pumpUntil(() -> loop.required().containsAll(List.of(rcaKey, OTHER
                            + "/inc-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1")), PATIENCE,
                            "both tenants' contexts are built by the one context builder and admitted");
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\nthe context builder said:\n" + Files.readString(builderLog), e);
                }

                // The rca workload: its token for the task API (served with serve's user), its user for its outputs.
                var password = KafkaUsers.randomPassword();
                users.setCredential(RCA_USER, password);
                users.grantExactly(RCA_USER, KafkaAccess.workload(RCA_USER, loop.topics.topics.outputs(TENANT)));
                var token = WorkloadTokens.newToken();
                new WorkloadTokens(api.pool).register("team-a/agent/" + TENANT + "-rca", new WorkloadTokens.Scope(TENANT, "rca"),
                        token);
                try (var ledgerPool = loop.postgres.pool("task-api", 2); var tasks = new LedgerTasks(ledgerPool, loop.ledger,
                        new RecordFetcher(kafka.get(PlatformAccess.Role.SERVE)))) {
                    var server = api.startWithTaskApi(tasks);
                    var inputs = new HttpTaskInputs(URI.create("http://127.0.0.1:" + server.port() + "/"), token);
                    loop.workload(TENANT, TaskType.RCA, "1.0.0", new PlaceholderWork(0.6, List.of()), inputs,
                            new Endpoints.Kafka(loop.endpoints.kafka().bootstrapServers(), RCA_USER, password));
                    loop.pumpUntil(() -> loop.done().contains(rcaKey), PATIENCE, "the workload's root cause is admitted");
                }
            } finally {
                Processes.stop(contextBuilder);
            }
            var log = Files.readString(builderLog);
            assertThat(log).contains("working tenant " + TENANT + "'s context-builder queue")
                    .contains("working tenant " + OTHER + "'s context-builder queue")
                    .contains("built the context of " + TENANT + "/inc-1/ContextBuilt/IncidentDetected/1/cycle-1")
                    .contains("built the context of " + OTHER + "/inc-1/ContextBuilt/IncidentDetected/1/cycle-1")
                    .doesNotContain("Authorization").doesNotContain("not authorized");
            assertThat(loop.history()).extracting(TimelineRecord::event)
                    .filteredOn(e -> e.payload() instanceof Payload.ContextBuilt)
                    .extracting(e -> e.tenantId() + " " + e.agent().name())
                    .containsExactlyInAnyOrder(TENANT + " context-builder", OTHER + " context-builder");

            // The projector, as its user, shows the whole path of the first tenant's incident.
            loop.project(kafka.get(PlatformAccess.Role.PROJECT));
            assertThat(loop.query("SELECT DISTINCT event_type FROM " + ReadModelSchemas.LIVE + ".timeline_events WHERE tenant_id = '"
                    + TENANT + "' AND incident_id = 'inc-1'")).contains("IncidentDetected", "TaskRequested", "ContextBuilt",
                    "RootCauseProposed");
        } finally {
            admin.execute("DROP DATABASE IF EXISTS " + clickhouseDatabase);
            try (var users = new KafkaUsers(LocalStack.requireKafka().kafka())) {
                users.revoke(RCA_USER);
                ROLES.forEach(role -> users.revoke(PlatformAccess.user(USER_PREFIX, role)));
            }
        }
    }

    /** The context builder's environment: its own Kafka user, the loop's ledger database. */
    private static Map<String, String> environment(Endpoints.Kafka kafka, Loop loop) {
        return Map.of("KAFKA_SASL_USERNAME", kafka.username(), "KAFKA_SASL_PASSWORD", kafka.password(), "PGDATABASE",
                loop.database.postgres.database());
    }

    /** Waits until the broker has the user's ACLs in force: it may see this topic's partitions. */
    private static void awaitAuthorized(Endpoints.Kafka kafka, String topic) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            try (var consumer = new KafkaConsumer<>(kafka.clientProperties(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                assertThat(consumer.partitionsFor(topic, Duration.ofSeconds(5))).isNotEmpty();
            }
        });
    }
}
