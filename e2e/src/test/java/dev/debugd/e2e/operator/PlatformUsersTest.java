package dev.debugd.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.debugd.config.Endpoints;
import dev.debugd.operator.model.PlatformAccess;
import dev.debugd.operator.platform.PlatformUsers;
import dev.debugd.timeline.Topic;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The shared roles' own Kafka users, made by the operator: a Secret and a user per role, whose rights on the real
 * broker are what the role's facts need and no more.
 */
class PlatformUsersTest {

    /** Fixed: every run reuses the same users (never deleted, ARCHITECTURE §9). */
    private static final String PREFIX = "optest-platform-";

    @Test
    void eachRoleGetsAUserThatMayDoWhatItsFactsNeedAndNothingElse() throws Exception {
        try (var harness = new OperatorHarness()) {
            List.of(PlatformAccess.Role.values()).forEach(role -> harness.revokeAfterwards(PREFIX + role.value()));
            var platform = new PlatformUsers(harness.client, harness.users, harness.topics.topics);
            var settings = new PlatformUsers.Settings(OperatorHarness.NAMESPACE, PREFIX, List.of(PlatformAccess.Role.values()));
            var made = platform.ensure(settings);
            var topics = harness.topics.topics;

            assertThat(made).hasSize(6).containsEntry(PlatformAccess.Role.DETECT, "optest-platform-detect");
            for (var role : PlatformAccess.Role.values()) {
                var user = made.get(role);
                assertThat(harness.users.exists(user)).as(user).isTrue();
                assertThat(harness.users.acls(user)).as(user).containsExactlyInAnyOrderElementsOf(
                        PlatformAccess.acls(user, role, topics));
            }
            var detect = credentials(harness, "optest-platform-detect");
            var password = detect.password();
            platform.ensure(settings);
            assertThat(credentials(harness, "optest-platform-detect").password()).as("made once").isEqualTo(password);

            // The detector records incidents on the timeline and reads configuration; nothing more.
            var tenantOutputs = topics.outputs("optest-platform");
            try (var admin = Admin.create(harness.endpoints.kafka().clientProperties())) {
                admin.createTopics(List.of(new NewTopic(tenantOutputs, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    assertThat(write(detect, topics.name(Topic.TIMELINE))).isEqualTo("written"));
            assertThat(write(detect, topics.name(Topic.INTERNAL))).isEqualTo("refused");
            assertThat(write(detect, tenantOutputs)).isEqualTo("refused");
            assertThat(read(detect, topics.name(Topic.INTERNAL))).isEqualTo("read");
            assertThat(read(detect, topics.name(Topic.TIMELINE))).isEqualTo("refused");
            try (var admin = Admin.create(detect.clientProperties())) {
                assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(topics.outputs("optest-forged"), 1, (short) 1)))
                        .all().get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            }

            // The context builder writes into the tenants' outputs topics; the dispatcher reads them and may not write them.
            var contextBuilder = credentials(harness, "optest-platform-context-builder");
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    assertThat(write(contextBuilder, tenantOutputs)).isEqualTo("written"));
            assertThat(write(contextBuilder, topics.name(Topic.TIMELINE))).isEqualTo("refused");
            var dispatch = credentials(harness, "optest-platform-dispatch");
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    assertThat(read(dispatch, tenantOutputs)).isEqualTo("read"));
            assertThat(write(dispatch, tenantOutputs)).isEqualTo("refused");
            assertThat(write(dispatch, topics.name(Topic.EVALUATION))).isEqualTo("written");
        }
    }

    private static Endpoints.Kafka credentials(OperatorHarness harness, String secretName) {
        Secret secret = harness.client.secrets().inNamespace(OperatorHarness.NAMESPACE).withName(secretName).get();
        assertThat(secret).as(secretName).isNotNull();
        return new Endpoints.Kafka(harness.endpoints.kafka().bootstrapServers(), decode(secret, "username"), decode(secret, "password"));
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    private static String write(Endpoints.Kafka kafka, String topic) throws Exception {
        var props = kafka.clientProperties();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "optest-platform/inc-1", "{}")).get(15, TimeUnit.SECONDS);
            return "written";
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                return "refused";
            }
            throw e;
        }
    }

    private static String read(Endpoints.Kafka kafka, String topic) {
        var props = kafka.clientProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(consumer.assignment());
            consumer.poll(Duration.ofSeconds(3));
            return "read";
        } catch (TopicAuthorizationException e) {
            return "refused";
        }
    }
}
