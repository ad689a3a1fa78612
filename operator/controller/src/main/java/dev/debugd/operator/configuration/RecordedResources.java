package dev.debugd.operator.configuration;

import dev.debugd.config.Endpoints;
import dev.debugd.manifests.ConfigFacts;
import dev.debugd.manifests.Manifest;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.kafka.RecordedConfiguration;
import dev.debugd.timeline.kafka.TimelineTopics;
import dev.debugd.timeline.kafka.TimelineWriter;
import java.time.Clock;
import java.util.Optional;

/**
 * The operator's side of the configuration facts (ARCHITECTURE §4): it records a Tenant, Integration or AgentProfile at
 * its generation (TenantConfigChanged, AgentVersionActivated) and a deleted Tenant or Integration, and says when a
 * change may not be recorded. Facts are keyed by resource, uid and generation, so recording one twice is one fact.
 * Reconcilers run concurrently; the recorded configuration is read by one of them at a time.
 */
public final class RecordedResources implements AutoCloseable {

    public static final Event.Agent OPERATOR = new Event.Agent("debugd-operator", "1");

    private final TimelineWriter writer;
    private final RecordedConfiguration recorded;
    private final Clock clock;

    public RecordedResources(Endpoints.Kafka kafka, TimelineTopics topics, Clock clock) {
        this.writer = new TimelineWriter(kafka, topics);
        this.recorded = new RecordedConfiguration(kafka, topics, OPERATOR);
        this.clock = clock;
    }

    /** Why the resource's change may not be recorded: an agent's setting changed without a new version. */
    public synchronized Optional<String> refusal(Manifest manifest) {
        recorded.catchUp();
        return ConfigFacts.refusal(recorded.histories(), manifest);
    }

    public void record(Manifest manifest, long generation) {
        writer.write(ConfigFacts.fact(manifest, generation, clock.instant(), OPERATOR));
    }

    /** Records that a Tenant or Integration is gone, one generation after the last one recorded or seen. */
    public synchronized void recordDeleted(Manifest manifest, long lastGeneration) {
        recorded.catchUp();
        var last = recorded.history(manifest.tenant()).latestRecorded().get(manifest.resource());
        long generation = Math.max(lastGeneration, last == null ? 0 : last.generation()) + 1;
        writer.write(ConfigFacts.deletion(manifest.tenant(), manifest.kind(), manifest.name(), manifest.uid(), generation,
                clock.instant(), OPERATOR));
    }

    @Override
    public synchronized void close() {
        try {
            recorded.close();
        } finally {
            writer.close();
        }
    }
}
