package dev.debugd.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.debugd.timeline.Topic;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The guard itself, on topics of its own standing in for the canonical ones: it fails on the suite's records only. */
class CanonicalHistoryGuardTest {

    @Test
    void failsOnARecordCarryingAnIdTheSuiteMadeAndReportsTheRest() throws Exception {
        var kafka = LocalStack.requireKafka().kafka();
        try (var topics = new TestTopics(kafka, 3)) {
            var since = CanonicalHistoryGuard.ends(kafka, topics.topics);
            var tenant = SuiteIds.tenant("guard");
            var client = SuiteIds.clientRequestId("guard-request");
            try (var producer = new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topics.topics.name(Topic.TIMELINE), tenant + "/inc-1", "{}"))
                        .get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>(topics.topics.name(Topic.TIMELINE), "demo-1796400000/inc-1",
                        "{\"idempotency_key\":\"demo-1796400000/inc-1/manual/" + client + "\"}")).get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>(topics.topics.name(Topic.INTERNAL), "demo-1796400000/_config", "{}"))
                        .get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>(topics.topics.name(Topic.INTERNAL), "acme/inc-9", "{}"))
                        .get(30, TimeUnit.SECONDS);
            }
            var report = CanonicalHistoryGuard.check(kafka, since, Set.of(tenant, client));
            assertThat(report.suiteRecords()).extracting(CanonicalHistoryGuard.Finding::key)
                    .containsExactlyInAnyOrder(tenant + "/inc-1", "demo-1796400000/inc-1");
            assertThat(report.otherTenants()).isEqualTo(Map.of("demo-1796400000", 1, "acme", 1));
            assertThatThrownBy(report::assertClean).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("2 record(s) written by this run of the suite into the product's history")
                    .hasMessageContaining(tenant + "/inc-1");
            assertThat(report.summary()).isEqualTo("2 record(s) of other processes were written into the product's topics"
                    + " during the run, not the suite's: acme ×1, demo-1796400000 ×1");

            var clean = CanonicalHistoryGuard.check(kafka, CanonicalHistoryGuard.ends(kafka, topics.topics), Set.of(tenant));
            assertThat(clean.suiteRecords()).isEmpty();
            clean.assertClean();
        }
    }
}
