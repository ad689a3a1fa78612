package dev.debugd.timeline.kafka;

import dev.debugd.config.Endpoints;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.Payload.RecordPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes events to their topic, keyed tenant_id/incident_id, with an idempotent producer (acks=all): a
 * write returns only once the broker has it, and a retried send is not duplicated by the producer.
 */
public final class TimelineWriter implements AutoCloseable {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaProducer<String, byte[]> producer;
    private final TimelineTopics topics;
    private final EventCodec codec = new EventCodec();

    /** A record read from an outputs topic, to be copied as it is (same key, same bytes, so the same event id). */
    public record Copy(Event event, String key, byte[] value) {}

    public TimelineWriter(Endpoints.Kafka kafka, TimelineTopics topics) {
        this.producer = producer(kafka);
        this.topics = topics;
    }

    /** The producer every writer of the history uses: idempotent, acks=all, records up to 4 MiB. */
    static KafkaProducer<String, byte[]> producer(Endpoints.Kafka kafka) {
        var props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    public RecordPosition write(Event event) {
        return writeAll(List.of(event)).get(0);
    }

    /** Writes the events in order and waits for all of them; returns where each landed. */
    public List<RecordPosition> writeAll(List<Event> events) {
        var sent = new ArrayList<Future<RecordMetadata>>();
        for (var event : events) {
            sent.add(producer.send(new ProducerRecord<>(topicOf(event), event.recordKey(), codec.encode(event))));
        }
        return await(sent);
    }

    /** Copies admitted outputs into the shared topic of their type, byte for byte, in order; where each landed. */
    public List<RecordPosition> copyAll(List<Copy> copies) {
        var sent = new ArrayList<Future<RecordMetadata>>();
        for (var copy : copies) {
            sent.add(producer.send(new ProducerRecord<>(topicOf(copy.event()), copy.key(), copy.value())));
        }
        return await(sent);
    }

    private String topicOf(Event event) {
        var type = event.knownType().orElseThrow(() ->
                new IllegalArgumentException("this writer does not write events of a newer schema version"));
        return topics.name(type.topic());
    }

    static List<RecordPosition> await(List<Future<RecordMetadata>> sent) {
        var positions = new ArrayList<RecordPosition>();
        for (var future : sent) {
            try {
                var metadata = future.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                positions.add(new RecordPosition(metadata.topic(), metadata.partition(), metadata.offset()));
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka refused a write: " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not acknowledge a write within " + SEND_TIMEOUT, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing to Kafka", e);
            }
        }
        return positions;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
