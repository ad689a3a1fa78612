package dev.debugd.manifests;

import dev.debugd.config.ConfigHistory;
import dev.debugd.config.Endpoints;
import dev.debugd.provisioning.TenantProvisioning;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.timeline.Topic;
import dev.debugd.timeline.kafka.RecordedConfiguration;
import dev.debugd.timeline.kafka.TimelineTopics;
import dev.debugd.timeline.kafka.TimelineWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local mode's stand-in for the operator: reads the manifests of a directory, provisions each tenant (work queues
 * and outputs topic), and records what changed since the configuration recorded in Kafka. Calling it again picks up edits.
 */
public final class ManifestLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestLoader.class);

    private final Path directory;
    private final Endpoints.Kafka kafka;
    private final TimelineTopics topics;
    private final TimelineWriter writer;
    private final TenantProvisioning provisioning;
    private final Clock clock;
    private final ManifestReader reader = new ManifestReader();

    /** What one load did. */
    public record Outcome(List<Event> recorded, List<String> problems, List<String> tenants) {}

    public ManifestLoader(Path directory, Endpoints.Kafka kafka, TimelineTopics topics, TimelineWriter writer,
            TenantProvisioning provisioning, Clock clock) {
        this.directory = directory;
        this.kafka = kafka;
        this.topics = topics;
        this.writer = writer;
        this.provisioning = provisioning;
        this.clock = clock;
    }

    public Outcome load() throws IOException {
        var read = reader.read(directory);
        read.problems().forEach(problem -> LOG.warn("manifest left out: {}", problem));
        var tenants = new TreeSet<String>();
        for (var manifest : read.manifests()) {
            if (manifest.kind().equals("Tenant")) {
                tenants.add(manifest.name());
                provisioning.ensure(manifest.name()); // before its facts: its work and outputs have somewhere to go
            }
        }
        var recorded = recorded();
        ConfigFacts.refusals(recorded, read.manifests()).forEach(refusal -> LOG.warn("manifest change refused: {}", refusal));
        var facts = ConfigFacts.changes(recorded, read.manifests(), clock.instant(), read.complete());
        writer.writeAll(facts);
        facts.forEach(fact -> LOG.info("recorded {} {}", fact.eventType(), fact.idempotencyKey()));
        return new Outcome(facts, read.problems(), List.copyOf(tenants));
    }

    /** Every tenant's configuration facts, read from the internal topic. */
    private Map<String, ConfigHistory> recorded() {
        try (var recorded = new RecordedConfiguration(kafka, topics, ConfigFacts.LOADER)) {
            recorded.catchUp();
            return recorded.histories();
        }
    }
}
