package dev.debugd.timeline.kafka;

import dev.debugd.config.Endpoints;
import dev.debugd.timeline.Decoding;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads single records by position: how the dispatcher finds a waiting trigger again and how a worker reads its
 * task's input (a task carries the trigger's position, never the input). Not thread-safe.
 */
public final class RecordFetcher implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventCodec codec = new EventCodec();

    public RecordFetcher(Endpoints.Kafka kafka) {
        this.consumer = new KafkaConsumer<>(TimelineReader.consumerProperties(kafka, 1), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    /** The event at this position; empty when there is none (yet) or it does not decode (then it was rejected). */
    public Optional<TimelineRecord> fetch(Payload.RecordPosition position) {
        var partition = new TopicPartition(position.topic(), position.partition());
        consumer.assign(List.of(partition));
        consumer.seek(partition, position.offset());
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() == position.offset()
                        && codec.decode(record.key(), record.value()) instanceof Decoding.Decoded decoded) {
                    return Optional.of(new TimelineRecord(decoded.event(), record.topic(), record.partition(), record.offset()));
                }
                if (record.offset() >= position.offset()) {
                    return Optional.empty(); // the offset held a transaction marker or a record that does not decode
                }
            }
            if (consumer.position(partition) > position.offset()) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
