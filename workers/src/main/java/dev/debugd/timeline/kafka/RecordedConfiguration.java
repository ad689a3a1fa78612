package dev.debugd.timeline.kafka;

import dev.debugd.config.ConfigHistory;
import dev.debugd.config.Endpoints;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Every tenant's configuration facts (TenantConfigChanged, AgentVersionActivated), read from the internal topic from its
 * start and brought up to date on request: the configuration as recorded, for the components that decide with it.
 */
public final class RecordedConfiguration implements AutoCloseable {

    private final TimelineReader reader;
    private final List<TopicPartition> partitions;
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final Map<String, ConfigHistory> histories = new HashMap<>();

    public RecordedConfiguration(Endpoints.Kafka kafka, TimelineTopics topics, Event.Agent agent) {
        // Contexts are checked, not kept: the internal topic holds none, and this reader needs only configuration.
        this.reader = new TimelineReader(kafka, topics, agent, 2000, EventCodec.Contexts.CHECKED_ONLY);
        var internal = topics.name(Topic.INTERNAL);
        this.partitions = reader.partitions().stream().filter(p -> p.topic().equals(internal)).toList();
        partitions.forEach(p -> positions.put(p, 0L));
        reader.assign(positions);
    }

    /** Reads what was recorded up to the ends the partitions have now; how many configuration facts it read. */
    public int catchUp() {
        int read = 0;
        var ends = reader.endOffsets(partitions);
        while (ends.entrySet().stream().anyMatch(e -> positions.get(e.getKey()) < e.getValue())) {
            var batch = reader.poll(Duration.ofMillis(500));
            for (var record : batch.records()) {
                if (ConfigHistory.isConfiguration(record.event())) {
                    histories.computeIfAbsent(record.event().tenantId(), ConfigHistory::new).add(record);
                    read++;
                }
            }
            positions.putAll(batch.nextOffsets());
        }
        return read;
    }

    /** Every tenant's history as read so far. */
    public Map<String, ConfigHistory> histories() {
        return histories;
    }

    /** A tenant's history as read so far (empty for a tenant with no facts). */
    public ConfigHistory history(String tenant) {
        return histories.getOrDefault(tenant, new ConfigHistory(tenant));
    }

    @Override
    public void close() {
        reader.close();
    }
}
