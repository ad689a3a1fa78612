package dev.debugd.timeline.kafka;

import dev.debugd.config.Endpoints;
import dev.debugd.timeline.Decoding;
import dev.debugd.timeline.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the tenants' outputs topics for admission: each record decoded (contexts checked, not kept) and with its bytes,
 * which admission copies unchanged. Partitions are assigned explicitly from offsets stored with the dispatcher's ledger.
 */
public final class OutputsReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final TimelineTopics topics;
    private final EventCodec codec = new EventCodec(EventCodec.Contexts.CHECKED_ONLY);

    /** One record of an outputs topic: where it is, whose topic, its key and bytes, when it was written, what it decodes to. */
    public record OutputRecord(TopicPartition partition, long offset, String topicTenant, String key, byte[] value,
            long writtenAtMillis, Decoding decoding) {}

    /** What one poll gave, and where to go on from. */
    public record Batch(List<OutputRecord> records, Map<TopicPartition, Long> nextOffsets) {}

    public OutputsReader(Endpoints.Kafka kafka, TimelineTopics topics, int maxPollRecords) {
        var props = TimelineReader.consumerProperties(kafka, maxPollRecords);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
    }

    /** Every partition of every outputs topic that exists now. */
    public List<TopicPartition> partitions() {
        var partitions = new ArrayList<TopicPartition>();
        consumer.listTopics(Duration.ofSeconds(30)).forEach((topic, infos) -> {
            if (topics.outputsTenant(topic).isPresent()) {
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
        });
        return partitions;
    }

    public Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        return consumer.endOffsets(partitions, Duration.ofSeconds(30));
    }

    public void assign(Map<TopicPartition, Long> startOffsets) {
        consumer.assign(startOffsets.keySet());
        startOffsets.forEach(consumer::seek);
    }

    public Batch poll(Duration timeout) {
        var records = new ArrayList<OutputRecord>();
        var next = new HashMap<TopicPartition, Long>();
        var polled = consumer.poll(timeout);
        for (var partition : polled.partitions()) {
            var tenant = topics.outputsTenant(partition.topic()).orElseThrow();
            var partitionRecords = polled.records(partition);
            for (var record : partitionRecords) {
                records.add(new OutputRecord(partition, record.offset(), tenant, record.key(), record.value(), record.timestamp(),
                        codec.decode(record.key(), record.value())));
            }
            next.put(partition, partitionRecords.get(partitionRecords.size() - 1).offset() + 1);
        }
        return new Batch(records, next);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(10));
    }
}
