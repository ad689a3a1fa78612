package dev.debugd.timeline.kafka;

import dev.debugd.config.Endpoints;
import dev.debugd.timeline.Decoding;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.Rejections;
import dev.debugd.timeline.TimelineRecord;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the three topics from any offsets, with partitions assigned explicitly (no consumer group: the
 * reader's offsets live with what it writes). A record that cannot be read is turned into an EventRejected
 * for the caller to publish, and reading goes on: a bad record never stalls its partition.
 */
public final class TimelineReader implements AutoCloseable {

    private final KafkaConsumer<String, ByteBuffer> consumer;
    private final TimelineTopics topics;
    private final Event.Agent reader;
    private final EventCodec codec;

    /** What one poll gave: events in partition order, rejections of bad records, and where to go on from. */
    public record Batch(List<TimelineRecord> records, List<Event> rejections, Map<TopicPartition, Long> nextOffsets) {}

    /** A reader that keeps contexts (the read model stores them). */
    public TimelineReader(Endpoints.Kafka kafka, TimelineTopics topics, Event.Agent reader, int maxPollRecords) {
        this(kafka, topics, reader, maxPollRecords, EventCodec.Contexts.KEPT);
    }

    public TimelineReader(Endpoints.Kafka kafka, TimelineTopics topics, Event.Agent reader, int maxPollRecords,
            EventCodec.Contexts contexts) {
        // Values are views into the fetched data, decoded in place instead of copied out record by record.
        this.consumer = new KafkaConsumer<>(consumerProperties(kafka, maxPollRecords), new StringDeserializer(),
                new ByteBufferDeserializer());
        this.topics = topics;
        this.reader = reader;
        this.codec = new EventCodec(contexts);
    }

    /** The consumer settings of every timeline reader (and of the benchmark's raw ceiling, to compare like with like). */
    public static Properties consumerProperties(Endpoints.Kafka kafka, int maxPollRecords) {
        var props = kafka.clientProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // Fetches of at most 16 MiB are decoded while they are still in the processor's cache: with 64 MiB (8 MiB per
        // partition) a replay into memory ran 6-12 % slower, and the plain consumer gained nothing. A record above the
        // partition limit (up to the topics' 4 MiB) is still fetched whole, alone.
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
        // The kernel's own receive buffer, which grows with the flow: Kafka's fixed 64 KiB default makes the broker
        // wait while a reader decodes, as the classic consumer reads its socket only inside poll.
        props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, -1);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    /** Every partition of the three topics. */
    public List<TopicPartition> partitions() {
        var all = new ArrayList<TopicPartition>();
        for (var topic : topics.all()) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist (bin/stack up creates the standard ones)");
            }
            infos.forEach(info -> all.add(new TopicPartition(info.topic(), info.partition())));
        }
        return all;
    }

    /** Reads the given partitions from the given offsets (0 or an offset stored with the reader's output). */
    public void assign(Map<TopicPartition, Long> startOffsets) {
        consumer.assign(startOffsets.keySet());
        startOffsets.forEach(consumer::seek);
    }

    public Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        return consumer.endOffsets(partitions, Duration.ofSeconds(30));
    }

    public Batch poll(Duration timeout) {
        var records = new ArrayList<TimelineRecord>();
        var rejections = new ArrayList<Event>();
        var next = new HashMap<TopicPartition, Long>();
        var polled = consumer.poll(timeout);
        for (var partition : polled.partitions()) {
            var partitionRecords = polled.records(partition);
            partitionRecords.forEach(record -> read(record, records, rejections));
            next.put(partition, partitionRecords.get(partitionRecords.size() - 1).offset() + 1);
        }
        return new Batch(records, rejections, next);
    }

    /** Decodes one record into the batch: an event, or the rejection that stands for it. */
    private void read(ConsumerRecord<String, ByteBuffer> record, List<TimelineRecord> records, List<Event> rejections) {
        var value = record.value();
        var decoding = value == null ? codec.decode(record.key(), null)
                : value.hasArray() ? codec.decode(record.key(), value.array(), value.arrayOffset() + value.position(), value.remaining())
                : codec.decode(record.key(), bytes(value));
        if (decoding instanceof Decoding.Decoded decoded) {
            records.add(new TimelineRecord(decoded.event(), record.topic(), record.partition(), record.offset()));
        } else if (decoding instanceof Decoding.Rejected rejected) {
            rejections.add(Rejections.of(record.topic(), record.partition(), record.offset(), record.key(),
                    value == null ? null : bytes(value), rejected.reason(), Instant.ofEpochMilli(record.timestamp()), reader));
        }
    }

    private static byte[] bytes(ByteBuffer value) {
        var bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return bytes;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(10));
    }
}
