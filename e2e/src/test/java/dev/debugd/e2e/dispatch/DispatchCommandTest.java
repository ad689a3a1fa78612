package dev.debugd.e2e.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.e2e.stack.Processes;
import dev.debugd.e2e.stack.SuiteIds;
import dev.debugd.e2e.stack.TestDatabase;
import dev.debugd.e2e.stack.TestTopics;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.evidence.clickhouse.EvidenceSchema;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.kafka.TimelineWriter;
import dev.debugd.workqueue.QueueProvisioning;
import dev.debugd.workqueue.SqsClients;
import dev.debugd.workqueue.WorkQueueSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `bin/debugd dispatch` in the local mode, as a user runs it: manifests in a directory, placeholder workers. */
class DispatchCommandTest {

    /** The tenant's manifests, {@code %1$s} its name. */
    private static final String MANIFESTS = """
            apiVersion: debugd.dev/v1alpha1
            kind: Tenant
            metadata: {name: %1$s}
            spec: {confidenceThreshold: 0.7}
            ---
            apiVersion: debugd.dev/v1alpha1
            kind: Integration
            metadata: {name: %1$s-github}
            spec: {tenant: %1$s, type: github, repository: acme/shop}
            """;

    @TempDir
    Path manifests;

    @Test
    void runsIncidentsThroughTheLocalWorkersFromManifestsInADirectory() throws Exception {
        var stack = LocalStack.requireKafka();
        LocalStack.requireSqs();
        LocalStack.requirePostgres();
        LocalStack.requireClickHouse();
        var tenant = SuiteIds.tenant("dispatch");
        Files.writeString(manifests.resolve("acme.yaml"), MANIFESTS.formatted(tenant));
        var agents = new StringBuilder();
        for (var agent : List.of("rca", "fix", "instrumentation", "evaluation")) {
            agents.append("---\napiVersion: debugd.dev/v1alpha1\nkind: AgentProfile\nmetadata: {name: ").append(tenant).append("-")
                    .append(agent).append("}\nspec: {tenant: ").append(tenant).append(", agent: ").append(agent)
                    .append(", version: 1.0.0, provider: builtin}\n");
        }
        Files.writeString(manifests.resolve("agents.yml"), agents);
        Files.writeString(manifests.resolve("broken.yaml"), "apiVersion: debugd.dev/v1alpha1\nkind: Tenant\nmetadata: {name: Nope}\n");
        var queuePrefix = "c" + UUID.randomUUID().toString().substring(0, 6) + "-";
        // The context builder reads an evidence database of the test's own (empty: the incidents below are written by hand).
        var clickhouseDatabase = LocalStack.uniqueName("dispatch").replace('-', '_');
        new ClickHouseHttp(stack.clickhouse(), "default").execute("CREATE DATABASE " + clickhouseDatabase);
        new EvidenceSchema(new ClickHouseHttp(stack.clickhouse(), clickhouseDatabase)).migrate();
        try (var topics = new TestTopics(stack.kafka(), 3); var database = new TestDatabase();
                var writer = new TimelineWriter(stack.kafka(), topics.topics)) {
            var now = Instant.now();
            for (var incident : List.of("inc-1", "inc-2")) {
                writer.write(Event.create(now, tenant, incident, 1, new Payload.IncidentDetected("checkout", "sig", 1, "novelty",
                        now, Map.of(), "detector", null), new Event.Agent("incident-detector", "1"),
                        IdempotencyKey.episode(tenant, incident), null));
            }
            try {
                var result = Processes.run(List.of("bin/debugd", "dispatch", "--manifests", manifests.toString(),
                        "--local-workers", "--until-idle", "5s", "--topic-prefix", topics.topics.prefix(),
                        "--queue-prefix", queuePrefix, "--clickhouse-database", clickhouseDatabase),
                        Map.of("PGDATABASE", database.postgres.database()), Duration.ofMinutes(3));
                assertThat(result.exitCode()).as(result.all()).isZero();
                assertThat(result.all()).contains("manifest left out: broken.yaml (document 1): Tenant: metadata.name 'Nope'")
                        .contains("recorded TenantConfigChanged " + tenant + "/config/Tenant/" + tenant + "/uid-"
                                + uid("acme.yaml", "Tenant/" + tenant) + "/generation-1")
                        .contains("recorded AgentVersionActivated " + tenant + "/config/AgentProfile/" + tenant + "-rca/uid-"
                                + uid("agents.yml", "AgentProfile/" + tenant + "-rca") + "/generation-1");
                var expected = new TreeSet<String>();
                for (var incident : List.of("inc-1", "inc-2")) {
                    var task = tenant + "/" + incident + "/";
                    // The real context builder finds no evidence for these hand-written incidents: every signal is
                    // missing, and the builtin RCA Agent answers unknown with a low confidence, so both instrumentation
                    // routes run; a proposal without a diff asks for no pull request.
                    expected.addAll(List.of(task + "ContextBuilt/IncidentDetected/1/cycle-1",
                            task + "RootCauseProposed/ContextBuilt/1.0.0/cycle-1",
                            task + "InstrumentationProposed/ContextBuilt/1.0.0/cycle-1",
                            task + "InstrumentationProposed/RootCauseProposed/1.0.0/cycle-1"));
                }
                assertThat(keys(database, "SELECT task_key FROM ledger.tasks")).isEqualTo(expected);
                assertThat(keys(database, "SELECT task_key FROM ledger.done_keys")).isEqualTo(expected);

                // A second run finds nothing new to record.
                var again = Processes.run(List.of("bin/debugd", "dispatch", "--manifests", manifests.toString(), "--until-idle",
                        "2s", "--topic-prefix", topics.topics.prefix(), "--queue-prefix", queuePrefix),
                        Map.of("PGDATABASE", database.postgres.database()), Duration.ofMinutes(3));
                assertThat(again.exitCode()).as(again.all()).isZero();
                assertThat(again.all()).contains("0 fact(s) recorded").doesNotContain("recorded TenantConfigChanged");
            } finally {
                new ClickHouseHttp(stack.clickhouse(), "default").execute("DROP DATABASE IF EXISTS " + clickhouseDatabase);
                try (var sqs = SqsClients.create(stack.sqs())) {
                    var queues = new QueueProvisioning(sqs, new WorkQueueSettings(queuePrefix, 5, Duration.ofMinutes(5),
                            Duration.ofMinutes(15)));
                    for (var type : TaskType.values()) {
                        queues.delete(type.queue(tenant));
                    }
                }
            }
        }
    }

    /** The uid the local mode gives a manifest without one: a name-based UUID of its file and resource. */
    private static String uid(String file, String resource) {
        return UUID.nameUUIDFromBytes((file + "\n" + resource).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static TreeSet<String> keys(TestDatabase database, String sql) throws SQLException {
        var keys = new TreeSet<String>();
        try (var connection = database.connect(); var rs = connection.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }
}
