package dev.debugd.timeline.kafka;

import dev.debugd.config.Endpoints;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.Payload.RecordPosition;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A tenant workload's only way into Kafka (ARCHITECTURE §1): it writes its tenant's outputs topic and nothing else;
 * the dispatcher's admission copies what it may into the shared topics. Refuses another tenant's event before sending.
 */
public final class OutputsWriter implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final boolean ownsProducer;
    private final String tenant;
    private final String topic;
    private final EventCodec codec = new EventCodec();

    public OutputsWriter(Endpoints.Kafka kafka, TimelineTopics topics, String tenant) {
        this(TimelineWriter.producer(kafka), true, topics, tenant);
    }

    private OutputsWriter(KafkaProducer<String, byte[]> producer, boolean ownsProducer, TimelineTopics topics, String tenant) {
        this.topic = topics.outputs(tenant);
        this.tenant = tenant;
        this.producer = producer;
        this.ownsProducer = ownsProducer;
    }

    /** A producer for {@link #sharing}: one process that writes many tenants' outputs needs one connection, not one each. */
    public static KafkaProducer<String, byte[]> producer(Endpoints.Kafka kafka) {
        return TimelineWriter.producer(kafka);
    }

    /** A writer on a producer it does not own: closing the writer leaves the producer open for the other tenants. */
    public static OutputsWriter sharing(KafkaProducer<String, byte[]> producer, TimelineTopics topics, String tenant) {
        return new OutputsWriter(producer, false, topics, tenant);
    }

    /** Writes one event and waits for the broker; where it landed in the outputs topic. */
    public RecordPosition write(Event event) {
        if (!event.tenantId().equals(tenant)) {
            throw new IllegalArgumentException("this workload writes tenant " + tenant + "'s outputs, not tenant "
                    + event.tenantId() + "'s");
        }
        return TimelineWriter.await(List.of(producer.send(new ProducerRecord<>(topic, event.recordKey(), codec.encode(event)))))
                .get(0);
    }

    public String tenant() {
        return tenant;
    }

    @Override
    public void close() {
        if (ownsProducer) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
