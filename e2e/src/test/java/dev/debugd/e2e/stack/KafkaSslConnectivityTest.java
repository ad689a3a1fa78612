package dev.debugd.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.debugd.config.Endpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka over SASL_SSL, as a production cluster with TLS is reached: the stack's second listener, with its self-signed
 * certificate in a trust store, SCRAM-SHA-512 on top and hostname verification on. The SASL_PLAINTEXT listener serves
 * the same broker beside it.
 */
class KafkaSslConnectivityTest {

    private static Endpoints.Kafka ssl;
    private static Endpoints.Kafka plaintext;
    private static ScratchTopics scratch;

    @BeforeAll
    static void connect() {
        ssl = LocalStack.requireKafkaSsl();
        plaintext = LocalStack.requireKafka().kafka();
        scratch = new ScratchTopics(ssl);
    }

    @AfterAll
    static void deleteTopics() throws Exception {
        if (scratch != null) {
            scratch.close();
        }
    }

    /** A one-partition topic of the test's own, created over TLS and deleted after the class. */
    private static String newTopic() throws Exception {
        return scratch.create("tls", 1);
    }

    @Test
    void theAdminCreatesATopicProducesAndConsumesOverTls() throws Exception {
        var topic = newTopic();
        assertThat(ssl.clientProperties()).containsEntry("security.protocol", "SASL_SSL");
        var sent = produce(ssl, topic, 10);

        assertThat(readFromOffsetZero(ssl, topic, sent.size())).containsExactlyElementsOf(sent);
    }

    @Test
    void withoutTheTrustStoreTheHandshakeFails() {
        // The JVM's default trust store does not know the stack's self-signed certificate.
        var untrusting = new Endpoints.Kafka(ssl.bootstrapServers(), ssl.username(), ssl.password(),
                Endpoints.SecurityProtocol.SASL_SSL, Optional.empty());
        var props = untrusting.clientProperties();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        try (var refused = Admin.create(props)) {
            assertThatThrownBy(() -> refused.listTopics().names().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SslAuthenticationException.class);
        }
    }

    @Test
    void thePemCertificateServesAsTheTrustStoreToo() throws Exception {
        // bin/stack keeps the certificate in PEM beside the trust store; a PEM trust store has no password.
        var pem = ssl.trustStore().orElseThrow().location().resolveSibling("broker.crt");
        var trustingPem = new Endpoints.Kafka(ssl.bootstrapServers(), ssl.username(), ssl.password(),
                Endpoints.SecurityProtocol.SASL_SSL, Optional.of(new Endpoints.TrustStore(pem, "PEM", "")));
        var topic = newTopic();
        var sent = produce(trustingPem, topic, 2);

        assertThat(readFromOffsetZero(trustingPem, topic, sent.size())).containsExactlyElementsOf(sent);
    }

    @Test
    void thePlaintextListenerServesTheSameBrokerBesideIt() throws Exception {
        var topic = newTopic();
        assertThat(plaintext.clientProperties()).containsEntry("security.protocol", "SASL_PLAINTEXT");
        var overTls = produce(ssl, topic, 3);
        var overPlaintext = produce(plaintext, topic, 3);

        var all = new ArrayList<>(overTls);
        all.addAll(overPlaintext);
        assertThat(readFromOffsetZero(plaintext, topic, all.size())).containsExactlyElementsOf(all);
    }

    /** Writes COUNT records with an idempotent producer and returns their values in order. */
    private static List<String> produce(Endpoints.Kafka kafka, String topic, int count) throws Exception {
        var props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        var sent = new ArrayList<String>();
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                var value = kafka.securityProtocol() + "-" + i + "-" + UUID.randomUUID();
                producer.send(new ProducerRecord<>(topic, "tenant-a/incident-1", value)).get(30, TimeUnit.SECONDS);
                sent.add(value);
            }
        }
        return sent;
    }

    /** Reads partition 0 from offset 0 without a consumer group, until ENOUGH records came or 30 s passed. */
    private static List<String> readFromOffsetZero(Endpoints.Kafka kafka, String topic, int enough) {
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        var values = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            var partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < enough && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }
}
