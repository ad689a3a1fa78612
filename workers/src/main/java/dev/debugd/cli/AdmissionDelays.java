package dev.debugd.cli;

import dev.debugd.config.Endpoints;
import dev.debugd.timeline.Decoding;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.timeline.kafka.TimelineTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What admission cost in a demo run, from the records' own timestamps in Kafka (not from the dispatcher's word): for
 * each output a workload wrote to the tenant's outputs topic, when its copy reached a shared topic, and when the
 * TaskRequested it caused was written.
 *
 * @param copyMillis     from an output's write to its copy's, per output copied
 * @param nextTaskMillis from an output's write to the next task it caused, per output that caused one
 */
record AdmissionDelays(List<Long> copyMillis, List<Long> nextTaskMillis) {

    /** Reads the tenant's outputs topic from its start and the shared topics from these offsets, up to their ends now. */
    static AdmissionDelays measure(Endpoints.Kafka kafka, TimelineTopics topics, String tenant, Map<TopicPartition, Long> sharedFrom) {
        var codec = new EventCodec(EventCodec.Contexts.CHECKED_ONLY);
        var written = new HashMap<UUID, Long>();
        var copied = new HashMap<UUID, Long>();
        var nextTask = new HashMap<UUID, Long>();
        try (var consumer = new KafkaConsumer<>(TimelineReader.consumerProperties(kafka, 500), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            var outputs = new HashMap<TopicPartition, Long>();
            var infos = consumer.partitionsFor(topics.outputs(tenant), Duration.ofSeconds(30));
            (infos == null ? List.<org.apache.kafka.common.PartitionInfo>of() : infos)
                    .forEach(info -> outputs.put(new TopicPartition(info.topic(), info.partition()), 0L));
            var from = new HashMap<>(sharedFrom);
            from.putAll(outputs);
            var ends = consumer.endOffsets(from.keySet(), Duration.ofSeconds(30));
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            var positions = new HashMap<>(from);
            while (ends.entrySet().stream().anyMatch(e -> positions.get(e.getKey()) < e.getValue())) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    var partition = new TopicPartition(record.topic(), record.partition());
                    positions.put(partition, record.offset() + 1);
                    if (record.key() == null || !record.key().startsWith(tenant + "/")
                            || !(codec.decode(record.key(), record.value()) instanceof Decoding.Decoded decoded)) {
                        continue;
                    }
                    var event = decoded.event();
                    if (outputs.containsKey(partition)) {
                        written.merge(event.eventId(), record.timestamp(), Math::min);
                    } else if (event.payload() instanceof Payload.TaskRequested && event.causationEventId() != null) {
                        nextTask.merge(event.causationEventId(), record.timestamp(), Math::min);
                    } else {
                        copied.merge(event.eventId(), record.timestamp(), Math::min);
                    }
                }
            }
        }
        var copyMillis = new ArrayList<Long>();
        var nextTaskMillis = new ArrayList<Long>();
        written.forEach((id, at) -> {
            if (copied.containsKey(id)) {
                copyMillis.add(Math.max(0, copied.get(id) - at));
            }
            if (nextTask.containsKey(id)) {
                nextTaskMillis.add(Math.max(0, nextTask.get(id) - at));
            }
        });
        Collections.sort(copyMillis);
        Collections.sort(nextTaskMillis);
        return new AdmissionDelays(copyMillis, nextTaskMillis);
    }

    /** One line for the demo's summary. */
    String describe(String tenant) {
        if (copyMillis.isEmpty()) {
            return "admission copied no output of " + tenant + "'s outputs topic into the shared topics";
        }
        return "admission copied " + copyMillis.size() + " outputs from " + tenant + "'s outputs topic into the shared topics"
                + " " + median(copyMillis) + " ms after each was written (median; " + copyMillis.get(copyMillis.size() - 1)
                + " ms at most); an output's next task was requested " + median(nextTaskMillis) + " ms after the output was"
                + " written (median; " + (nextTaskMillis.isEmpty() ? 0 : nextTaskMillis.get(nextTaskMillis.size() - 1))
                + " ms at most)";
    }

    private static long median(List<Long> sorted) {
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }
}
