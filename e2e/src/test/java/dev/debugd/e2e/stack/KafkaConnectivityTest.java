package dev.debugd.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.debugd.config.Endpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kafka as the platform uses it: SCRAM over SASL_PLAINTEXT, idempotent writes, reads from offset 0, ACLs. */
class KafkaConnectivityTest {

    /** Overwritten on every run, never deleted: deleting SCRAM users can lose them all on restart (ARCHITECTURE §9). */
    private static final String USER_WITHOUT_ACLS = "debugd-test-no-acls";

    private static Endpoints.Kafka kafka;
    private static ScratchTopics scratch;

    @BeforeAll
    static void connect() {
        kafka = LocalStack.requireKafka().kafka();
        scratch = new ScratchTopics(kafka);
    }

    @AfterAll
    static void deleteTopics() throws Exception {
        if (scratch != null) {
            scratch.close();
        }
    }

    /** A topic of the test's own, with 3 partitions, deleted after the class. */
    private static String newTopic() throws Exception {
        return scratch.create("connectivity", 3);
    }

    @Test
    void idempotentProducerWritesAndAConsumerReadsEverythingFromOffsetZero() throws Exception {
        var topic = newTopic();
        var sent = new ArrayList<String>();
        var props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 20; i++) {
                var value = "event-" + i + "-" + UUID.randomUUID();
                var metadata = producer.send(new ProducerRecord<>(topic, "tenant-a/incident-1", value)).get(30, TimeUnit.SECONDS);
                assertThat(metadata.hasOffset()).isTrue();
                sent.add(value);
            }
        }

        // One key, one partition: the records come back in the order they were written.
        var received = readAllFromOffsetZero(topic, kafka.clientProperties(), Duration.ofSeconds(30), sent.size());
        assertThat(received).extracting(ConsumerRecord::value).containsExactlyElementsOf(sent);
        assertThat(received).extracting(ConsumerRecord::offset).startsWith(0L);
    }

    @Test
    void anAuthenticatedUserWithoutAclsIsRefusedTheTopic() throws Exception {
        var topic = newTopic();
        var password = UUID.randomUUID().toString();
        scratch.admin().alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER_WITHOUT_ACLS,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get(30, TimeUnit.SECONDS);
        var user = new Endpoints.Kafka(kafka.bootstrapServers(), USER_WITHOUT_ACLS, password);
        var props = user.clientProperties();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);

        // A credential is refused for about a second after it is created (ARCHITECTURE §9); then the
        // authenticated user meets the authorizer, which has no ACL for it.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get(15, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(TopicAuthorizationException.class);
            }
        });
        try (var consumer = new KafkaConsumer<>(consumerProps(props), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(consumer.assignment());
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void wrongCredentialsFailAuthentication() {
        var wrong = new Endpoints.Kafka(kafka.bootstrapServers(), kafka.username(), "not-" + kafka.password());
        var props = wrong.clientProperties();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        try (var badAdmin = Admin.create(props)) {
            assertThatThrownBy(() -> badAdmin.listTopics().names().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aClientWithoutCredentialsReadsNothing() throws Exception {
        var topic = newTopic();
        var props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int p = 0; p < 3; p++) {
                producer.send(new ProducerRecord<>(topic, p, "k", "visible to authenticated readers")).get(30, TimeUnit.SECONDS);
            }
        }
        var anonymous = new Properties();
        anonymous.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        // The topic holds records (written above); a plaintext client on the SASL listener gets none of them.
        assertThat(readAllFromOffsetZero(topic, anonymous, Duration.ofSeconds(5), 1)).isEmpty();
        // The same read with credentials sees them, so the empty result above is the listener refusing.
        assertThat(readAllFromOffsetZero(topic, kafka.clientProperties(), Duration.ofSeconds(30), 3)).hasSize(3);
    }

    private static Properties consumerProps(Properties base) {
        var props = new Properties();
        props.putAll(base);
        props.remove(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }

    /** Reads all partitions of the test topic from offset 0 without a consumer group (no group ACL needed). */
    private static List<ConsumerRecord<String, String>> readAllFromOffsetZero(String topic, Properties base,
            Duration within, int enough) {
        var records = new ArrayList<ConsumerRecord<String, String>>();
        try (var consumer = new KafkaConsumer<>(consumerProps(base), new StringDeserializer(), new StringDeserializer())) {
            var partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + within.toNanos();
            while (records.size() < enough && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
