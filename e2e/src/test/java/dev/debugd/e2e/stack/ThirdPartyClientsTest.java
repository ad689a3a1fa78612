package dev.debugd.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.config.Endpoints;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The servers' own clients, which nobody here wrote, talk to the stack as the README's troubleshooting
 * section shows: Kafka's CLI (through bin/stack kafka), openssl on Kafka's TLS listener, Debian's aws, clickhouse-client
 * and psql.
 */
class ThirdPartyClientsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static Endpoints endpoints;

    @BeforeAll
    static void requireStack() {
        LocalStack.requireKafka();
        LocalStack.requireSqs();
        LocalStack.requireClickHouse();
        endpoints = LocalStack.requirePostgres();
    }

    @Test
    void kafkasOwnTopicsToolListsThePlatformTopics() {
        var result = Processes.run(List.of("bin/stack", "kafka", "topics", "--list"), Map.of(), TIMEOUT);
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout().lines()).contains("debugging.timeline", "debugging.internal", "debugging.evaluation");
    }

    @Test
    void kafkasOwnConsoleConsumerWithoutCredentialsReadsNothing() {
        // The timeline has records from the connectivity tests and the demo; without SCRAM none come out.
        var java = ProcessHandle.current().info().command().orElse("java");
        var result = Processes.run(List.of(java, "-cp", LocalStack.home().resolve("lib/kafka") + "/*",
                "-Dlog4j2.configurationFile=" + LocalStack.home().resolve("conf/kafka/tools-log4j2.properties"),
                "org.apache.kafka.tools.consumer.ConsoleConsumer", "--bootstrap-server",
                endpoints.kafka().bootstrapServers(), "--topic", "debugging.internal", "--from-beginning",
                "--timeout-ms", "6000"), Map.of(), TIMEOUT);
        assertThat(result.stdout()).as(result.all()).isEmpty();
        assertThat(result.stderr()).contains("Processed a total of 0 messages");
    }

    @Test
    void opensslVerifiesTheTlsListenersCertificateForBothOfItsNames() {
        var kafka = LocalStack.requireKafkaSsl();
        var pem = kafka.trustStore().orElseThrow().location().resolveSibling("broker.crt").toString();
        var connect = List.of("openssl", "s_client", "-connect", kafka.bootstrapServers(), "-verify_return_error");
        var trusting = concat(connect, "-CAfile", pem);
        for (var name : List.of(new String[] {"-verify_ip", "127.0.0.1"}, new String[] {"-verify_hostname", "localhost"})) {
            var trusted = Processes.run(concat(trusting, name), Map.of(), TIMEOUT);
            assertThat(trusted.exitCode()).as(trusted.all()).isZero();
            assertThat(trusted.stdout()).contains("Verify return code: 0 (ok)");
        }
        // Self-signed (X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT): the system's CAs do not vouch for it.
        var untrusted = Processes.run(concat(connect, "-verify_ip", "127.0.0.1"), Map.of(), TIMEOUT);
        assertThat(untrusted.exitCode()).as(untrusted.all()).isNotZero();
        assertThat(untrusted.all()).contains("Verify return code: 18");
    }

    @Test
    void debiansAwsCliListsTheQueues() {
        var queue = LocalStack.uniqueName("aws-cli");
        var env = Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local", "AWS_DEFAULT_REGION", "us-east-1");
        var sqs = LocalStack.sqsEndpoint(LocalStack.requireSqs());
        var aws = List.of("/usr/bin/aws", "--endpoint-url", sqs.toString(), "sqs");
        var created = Processes.run(concat(aws, "create-queue", "--queue-name", queue), env, TIMEOUT);
        assertThat(created.exitCode()).as(created.all()).isZero();
        try {
            var listed = Processes.run(concat(aws, "list-queues"), env, TIMEOUT);
            assertThat(listed.exitCode()).as(listed.all()).isZero();
            assertThat(listed.stdout()).contains("/" + queue);
        } finally {
            Processes.run(concat(aws, "delete-queue", "--queue-url", sqs + "/000000000000/" + queue), env, TIMEOUT);
        }
    }

    @Test
    void clickhouseClientRunsAQuery() {
        var port = System.getenv().getOrDefault("CLICKHOUSE_TCP_PORT", "29000");
        var result = Processes.run(List.of("clickhouse-client", "--host", "127.0.0.1", "--port", port, "-q",
                "SELECT 1 + 1"), Map.of(), TIMEOUT);
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("2");
    }

    @Test
    void psqlSeesThePgvectorExtension() {
        var pg = endpoints.postgres();
        var result = Processes.run(List.of("psql", "-X", "-A", "-t", "-c",
                "SELECT extversion FROM pg_extension WHERE extname='vector'"),
                Map.of("PGHOST", pg.host(), "PGPORT", String.valueOf(pg.port()), "PGUSER", pg.user(),
                        "PGDATABASE", pg.database()), TIMEOUT);
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout().strip()).matches("0\\.(8|9)\\.\\d+");
    }

    private static List<String> concat(List<String> head, String... tail) {
        var all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
