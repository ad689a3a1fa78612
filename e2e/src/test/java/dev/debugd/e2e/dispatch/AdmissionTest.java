package dev.debugd.e2e.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.worker.PlaceholderWork;
import dev.debugd.worker.WorkerShell;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The trust boundary on the real stack (ARCHITECTURE §1): what a tenant workload writes into its outputs topic enters
 * the shared topics only through the dispatcher's admission. Records are written as Kafka's console producer writes
 * them, a key and bytes, with nothing saying who wrote them.
 */
class AdmissionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final WorkerShell.AfterOutput NOTHING = task -> { };
    private static final String RCA_KEY = "acme/inc-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1";
    private static final String FIX_KEY = "acme/inc-1/FixDrafted/RootCauseProposed/1.0.0/cycle-1";

    @Test
    void forgedOutputsAreRejectedAndTheTaskStaysRequiredUntilItsRealOutputArrives() throws Exception {
        try (var loop = new Loop(Duration.ofSeconds(30), Duration.ofSeconds(120), 5)) {
            var start = Instant.now().minusSeconds(600);
            loop.standardTenant("acme", start, 0.7, "1.0.0");
            loop.standardTenant("globex", start, 0.7, "1.0.0");
            loop.detect("acme", "inc-1", start.plusSeconds(60));
            loop.startDispatcher(step -> { });
            loop.worker("acme", TaskType.CONTEXT_BUILDER, "1", new PlaceholderWork(0.9, List.of()), NOTHING);
            loop.pumpUntil(() -> loop.required().contains(RCA_KEY), PATIENCE, "the root-cause task is required");

            var codec = new EventCodec();
            var agent = new Event.Agent("rca-worker", "1.0.0");
            // In globex's outputs topic, acme's root cause: acme's key, acme's tenant_id.
            var forged = Event.create(Instant.now(), "acme", "inc-1", 1, new Payload.RootCauseProposed("forged by globex",
                    RootCauseCategory.CODE_DEFECT, 0.99, List.of(), null), agent, RCA_KEY, null);
            // In acme's own outputs topic, a fix draft no task asked for.
            var unasked = Event.create(Instant.now(), "acme", "inc-1", 1, new Payload.FixDrafted("unasked", "--- a\n+++ b\n", null),
                    agent, FIX_KEY, null);
            var globexOutputs = loop.topics.topics.outputs("globex");
            var acmeOutputs = loop.topics.topics.outputs("acme");
            try (var producer = new KafkaProducer<>(loop.endpoints.kafka().clientProperties(), new StringSerializer(),
                    new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(globexOutputs, "acme/inc-1", codec.encode(forged))).get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>(acmeOutputs, "acme/inc-1", codec.encode(unasked))).get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>(globexOutputs, "acme/inc-1", "this is not an event".getBytes(StandardCharsets.UTF_8)))
                        .get(30, TimeUnit.SECONDS);
            }
            loop.pumpUntil(() -> rejections(loop).size() == 3, PATIENCE, "the three records are rejected");
            var rejections = rejections(loop);
            assertThat(rejections).extracting(e -> e.tenantId() + " " + ((Payload.EventRejected) e.payload()).topic() + ": "
                    + ((Payload.EventRejected) e.payload()).reason()).containsExactlyInAnyOrder(
                    "globex " + globexOutputs + ": the event names tenant acme, and it was written to tenant globex's outputs topic",
                    "acme " + acmeOutputs + ": no TaskRequested with key '" + FIX_KEY + "' for tenant acme",
                    "globex " + globexOutputs + ": " + ((Payload.EventRejected) rejections.stream()
                            .filter(e -> e.tenantId().equals("globex") && ((Payload.EventRejected) e.payload()).reason().startsWith("not JSON"))
                            .findFirst().orElseThrow().payload()).reason());
            assertThat(loop.history()).extracting(TimelineRecord::event)
                    .noneMatch(e -> e.payload() instanceof Payload.RootCauseProposed || e.payload() instanceof Payload.FixDrafted);
            assertThat(loop.requiredNotDone()).as("acme's task waits for acme's own output").contains(RCA_KEY);

            loop.worker("acme", TaskType.RCA, "1.0.0", new PlaceholderWork(0.5, List.of()), NOTHING);
            loop.pumpUntil(() -> loop.done().contains(RCA_KEY), PATIENCE, "acme's real output settles the task");
            assertThat(loop.history()).extracting(TimelineRecord::event).filteredOn(e -> e.payload() instanceof Payload.RootCauseProposed)
                    .singleElement().satisfies(e -> assertThat(((Payload.RootCauseProposed) e.payload()).confidence()).isEqualTo(0.5));
            assertThat(loop.dispatcher().admissionStats().rejected()).isEqualTo(3);
        }
    }

    private static List<Event> rejections(Loop loop) {
        return loop.history().stream().map(TimelineRecord::event).filter(e -> e.payload() instanceof Payload.EventRejected).toList();
    }
}
