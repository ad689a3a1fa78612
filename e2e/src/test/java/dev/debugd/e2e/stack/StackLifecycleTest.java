package dev.debugd.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.debugd.config.Endpoints;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The machine's stack itself: `up` on a running stack changes nothing; `down` stops exactly our servers;
 * Kafka's history survives `down` + `up` (replay depends on it). This restarts the shared stack.
 */
class StackLifecycleTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> SERVERS = List.of("postgres", "clickhouse", "elasticmq", "kafka");

    private static Map<String, Long> recordedPids() throws IOException {
        var pids = new TreeMap<String, Long>();
        for (var server : SERVERS) {
            var file = LocalStack.home().resolve("run/" + server + ".pid");
            if (Files.exists(file)) {
                pids.put(server, Long.parseLong(Files.readString(file).lines().findFirst().orElse("0").strip()));
            }
        }
        return pids;
    }

    private static Processes.Result stack(String... args) {
        var command = new ArrayList<String>();
        command.add("bin/stack");
        command.addAll(List.of(args));
        return Processes.run(command, Map.of(), TIMEOUT);
    }

    @Test
    void upOnARunningStackChangesNothing() throws IOException {
        var first = stack("up");
        assertThat(first.exitCode()).as(first.all()).isZero();
        var before = recordedPids();
        assertThat(before).containsOnlyKeys(SERVERS);

        var again = stack("up");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.stderr()).contains("stack: already up");
        assertThat(recordedPids()).isEqualTo(before);
        before.values().forEach(pid -> assertThat(ProcessHandle.of(pid)).as("pid %d", pid).isPresent());
    }

    @Test
    void kafkaHistorySurvivesDownAndUpAndDownStopsOnlyOurServers() throws Exception {
        var endpoints = LocalStack.requireKafka();
        var kafka = endpoints.kafka();
        var topic = LocalStack.uniqueName("history");
        var value = "written before down " + UUID.randomUUID();
        try (var admin = Admin.create(kafka.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        var props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "tenant/incident", value)).get(30, TimeUnit.SECONDS);
        }
        var pids = recordedPids();
        var bystander = new ProcessBuilder("sleep", "600").start();
        try {
            var down = stack("down");
            assertThat(down.exitCode()).as(down.all()).isZero();
            pids.forEach((server, pid) -> assertThat(exited(pid)).as("%s (pid %d) stopped", server, pid).isTrue());
            listeningPorts(endpoints).forEach(port -> assertThat(listening(port)).as("port %d closed", port).isFalse());

            // A PID file whose PID now belongs to another process (PIDs get reused) must not get it killed.
            Files.writeString(LocalStack.home().resolve("run/elasticmq.pid"), bystander.pid() + "\n");
            var downAgain = stack("down");
            assertThat(downAgain.exitCode()).as(downAgain.all()).isZero();
            assertThat(bystander.isAlive()).as("a process that is not ours survives bin/stack down").isTrue();
        } finally {
            bystander.destroyForcibly();
            var up = stack("up");
            assertThat(up.exitCode()).as(up.all()).isZero();
        }

        var read = await().atMost(Duration.ofSeconds(60)).until(() -> readFromOffsetZero(kafka, topic), r -> !r.isEmpty());
        assertThat(read).containsExactly(value);
        try (var admin = Admin.create(kafka.clientProperties())) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Gone, or a zombie that its adoptive parent has not reaped yet: either way it runs no more. */
    private static boolean exited(long pid) {
        try {
            var stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    private static List<String> readFromOffsetZero(Endpoints.Kafka kafka, String topic) {
        var props = kafka.clientProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        var values = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            var partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            consumer.poll(Duration.ofSeconds(5)).forEach(r -> values.add(r.value()));
        }
        return values;
    }

    private static List<Integer> listeningPorts(Endpoints endpoints) {
        var kafkaPort = Integer.parseInt(endpoints.kafka().bootstrapServers().replaceAll(".*:", ""));
        var kafkaSslPort = Integer.parseInt(env("KAFKA_SSL_BOOTSTRAP_SERVERS", "127.0.0.1:29094").replaceAll(".*:", ""));
        return List.of(kafkaPort, Integer.parseInt(env("STACK_KAFKA_CONTROLLER_PORT", "29093")), kafkaSslPort,
                LocalStack.sqsEndpoint(endpoints).getPort(), endpoints.clickhouse().url().getPort(),
                Integer.parseInt(env("CLICKHOUSE_TCP_PORT", "29000")), endpoints.postgres().port());
    }

    private static String env(String name, String fallback) {
        return System.getenv().getOrDefault(name, fallback);
    }

    private static boolean listening(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
