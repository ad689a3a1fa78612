package dev.debugd.e2e.context;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.e2e.detect.DetectorHarness;
import dev.debugd.e2e.ingest.IngestServer;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.e2e.stack.Processes;
import dev.debugd.evidence.Evidence;
import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.LogLine;
import dev.debugd.evidence.RequestRecord;
import dev.debugd.timeline.Payload;
import dev.debugd.workqueue.QueueProvisioning;
import dev.debugd.workqueue.SqsClients;
import dev.debugd.workqueue.WorkQueueSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Secrets planted in an incident's evidence (exception messages, causes, log lines, routes) go through ingestion, the
 * detector and the dispatcher with the context builder and the builtin agents (`bin/debugd dispatch --local-workers`,
 * a process of its own): no record of the run's topics, and no log line of the run, holds any of them.
 */
class RedactionRunTest {

    /** Hostile samples (RedactionTest has their table): what must never leave the evidence store. */
    private static final List<String> SECRETS = List.of(
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "S3cr3t-Pa55",
            "AKIAIOSFODNN7EXAMPLE",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "sk_live_51HfakeFAKEfakeFAKE1234",
            "jane.doe@example.com",
            "4111 1111 1111 1111",
            "abc123def456ghi",
            "MIIEpAIBAAKCAQEA7bq98mIWvJ3mZ",
            "correct-horse-battery");

    @TempDir
    Path work;

    /** A bucket of checkout: healthy requests and, in the fault, a new exception and error lines full of secrets. */
    private static Evidence bucket(long bucket, String deploy, boolean fault) {
        var start = IngestServer.GRID.start(bucket);
        var requests = new ArrayList<RequestRecord>();
        var exceptions = new ArrayList<ExceptionEvent>();
        var logs = new ArrayList<LogLine>();
        for (int i = 0; i < 20; i++) {
            boolean failed = fault && i < 6;
            var route = failed ? "/v1/rates?api_key=abc123def456ghi" : "/pay";
            requests.add(new RequestRecord(start.plusMillis(i * 400L), "checkout", route, failed ? 500 : 200, 12, deploy, "", ""));
            if (failed) {
                exceptions.add(new ExceptionEvent(start.plusMillis(i * 400L), "checkout", route, deploy, "", "",
                        "com.acme.PaymentException", "charge declined for card 4111 1111 1111 1111 of jane.doe@example.com with"
                        + " Authorization: Bearer " + SECRETS.get(0),
                        List.of(new ExceptionEvent.Frame("com.acme.shop.Payments", "charge", "Payments.java", 41, true)),
                        List.of(new ExceptionEvent.Cause("java.sql.SQLException", "connecting to postgres://app:S3cr3t-Pa55@db:5432/shop"
                                + " with key -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7bq98mIWvJ3mZ\n-----END RSA PRIVATE KEY-----",
                                List.of()))));
                logs.add(new LogLine(start.plusMillis(i * 400L), "checkout", "ERROR", "stripe.api_key set to sk_live_51HfakeFAKEfakeFAKE1234"
                        + " and AKIAIOSFODNN7EXAMPLE; git token ghp_abcdefghijklmnopqrstuvwxyz0123456789; DB_PASSWORD=correct-horse-battery",
                        route, deploy, "", "", "stderr"));
            }
        }
        return new Evidence(logs, exceptions, requests);
    }

    @Test
    void noPlantedSecretLeavesTheEvidenceStore() throws Exception {
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        var queuePrefix = "r" + UUID.randomUUID().toString().substring(0, 6) + "-";
        try (var harness = new DetectorHarness()) {
            var server = harness.server;
            var grid = IngestServer.GRID;
            // The test clock starts now: the dispatcher records the tenant's manifests at the wall clock's time, before
            // the incident's detection time, so they are in force for it.
            server.clock.set(Instant.now());
            long first = grid.bucketOf(server.clock.instant()) + 1;
            for (int b = 0; b < 16; b++) {
                harness.send(server.token, "secrets-" + b, bucket(first + b, b < 12 ? "d1" : "d2", b >= 12));
            }
            server.clock.set(grid.watermark(first + 16).plus(DetectorHarness.GRACE).plusSeconds(1));
            assertThat(harness.detector().runOnce()).isNotEmpty();

            var manifests = Files.createDirectories(work.resolve("manifests"));
            var agents = new StringBuilder("apiVersion: debugd.dev/v1alpha1\nkind: Tenant\nmetadata: {name: acme}\nspec: {confidenceThreshold: 0.7}\n");
            for (var agent : List.of("rca", "fix", "instrumentation", "evaluation")) {
                agents.append("---\napiVersion: debugd.dev/v1alpha1\nkind: AgentProfile\nmetadata: {name: acme-").append(agent)
                        .append("}\nspec: {tenant: acme, agent: ").append(agent).append(", version: 1.0.0, provider: builtin}\n");
            }
            Files.writeString(manifests.resolve("acme.yaml"), agents);
            var run = Processes.run(List.of("bin/debugd", "dispatch", "--manifests", manifests.toString(), "--local-workers",
                    "--until-idle", "5s", "--topic-prefix", server.topics.topics.prefix(), "--queue-prefix", queuePrefix,
                    "--clickhouse-database", server.clickhouseDatabase, "--bucket", "10s", "--lateness", "20s"),
                    Map.of("PGDATABASE", server.database.postgres.database()), Duration.ofMinutes(3));
            assertThat(run.exitCode()).as(run.all()).isZero();

            var contexts = harness.timeline().stream().filter(e -> e.payload() instanceof Payload.ContextBuilt)
                    .map(e -> ((Payload.ContextBuilt) e.payload()).context().json()).toList();
            assertThat(contexts).as("the incidents' contexts; the dispatcher said:\n" + run.all()).isNotEmpty();
            // The evidence reached the context, redacted in place.
            assertThat(String.join("\n", contexts)).contains("<redacted:jwt>", "<redacted:card>", "<redacted:email>",
                    "<redacted:password>", "<redacted:private_key>", "<redacted:stripe_key>", "<redacted:aws_key>",
                    "<redacted:github_token>", "api_key=<redacted:secret>");

            var records = rawRecords(server.topics.topics.prefix());
            assertThat(records).as("records of the run's topics").isNotEmpty();
            var logLines = new ArrayList<String>(run.all().lines().toList());
            appender.list.forEach(event -> logLines.add(event.getFormattedMessage()));
            assertThat(logLines).as("log lines of the run").isNotEmpty();
            for (var secret : SECRETS) {
                assertThat(records.stream().filter(record -> record.contains(secret)).map(RedactionRunTest::shortened))
                        .as("records holding " + secret).isEmpty();
                assertThat(logLines.stream().filter(line -> line.contains(secret)).map(RedactionRunTest::shortened))
                        .as("log lines holding " + secret).isEmpty();
            }
        } finally {
            root.detachAppender(appender);
            try (var sqs = SqsClients.create(LocalStack.endpoints().sqs())) {
                var queues = new QueueProvisioning(sqs, new WorkQueueSettings(queuePrefix, 5, Duration.ofMinutes(5), Duration.ofMinutes(15)));
                for (var type : TaskType.values()) {
                    queues.delete(type.queue("acme"));
                }
            }
        }
    }

    /** What a failure prints of a record or a line: its start, not megabytes. */
    private static String shortened(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    /** Every record's value in every topic of the run (the timeline's, and the tenant's outputs topic), as text. */
    private static List<String> rawRecords(String prefix) throws Exception {
        var kafka = LocalStack.endpoints().kafka();
        List<String> topics;
        try (var admin = Admin.create(kafka.clientProperties())) {
            topics = admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix)).toList();
        }
        var props = kafka.clientProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        var values = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = new ArrayList<TopicPartition>();
            for (var topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (var record : consumer.poll(Duration.ofSeconds(1))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
