package dev.debugd.dispatch.rules;

import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * One tenant's configuration as recorded in Kafka (TenantConfigChanged, AgentVersionActivated), merged as a set
 * like an incident's history, and read as of a moment: for each resource, the fact with the latest time not
 * after it (ties: the higher generation). Pure: what a trigger is decided with depends on recorded facts only.
 */
public final class ConfigHistory {

    /** What the manifest loader writes into TenantConfigChanged.config. */
    public static final String KIND_TENANT = "Tenant";
    public static final String KIND_INTEGRATION = "Integration";

    private final String tenantId;
    private final Map<UUID, TimelineRecord> winners = new HashMap<>();

    /** A resource's state from one fact; deleted resources are kept as facts whose spec is empty. */
    private record Fact(String resource, Instant time, long generation, UUID eventId, Event event) {}

    public ConfigHistory(String tenantId) {
        this.tenantId = tenantId;
    }

    public static boolean isConfiguration(Event event) {
        return event.payload() instanceof Payload.TenantConfigChanged || event.payload() instanceof Payload.AgentVersionActivated;
    }

    /** Merges one configuration record (lowest offset wins for one event id); other records are refused. */
    public void add(TimelineRecord record) {
        var event = record.event();
        if (!event.tenantId().equals(tenantId) || !isConfiguration(event)) {
            throw new IllegalArgumentException("not a configuration fact of tenant " + tenantId + ": " + event.eventType());
        }
        winners.merge(event.eventId(), record, (old, candidate) -> candidate.winsOver(old) ? candidate : old);
    }

    /**
     * The last recorded state of a resource: its generation, its uid ("none" in facts recorded before uids were) and
     * spec (an agent's name, version and setting for a profile).
     */
    public record Recorded(long generation, String uid, JsonNode content) {}

    /** Per resource ("Tenant/acme", "AgentProfile/acme-rca" …), the fact of the highest generation. */
    public Map<String, Recorded> latestRecorded() {
        var latest = new HashMap<String, Recorded>();
        for (var record : winners.values()) {
            var event = record.event();
            String resource;
            Recorded recorded;
            if (event.payload() instanceof Payload.AgentVersionActivated activated) {
                resource = "AgentProfile/" + activated.agentProfile();
                recorded = new Recorded(activated.generation(), "none", agentContent(activated.agent(), activated.version(),
                        activated.setting()));
            } else {
                var changed = (Payload.TenantConfigChanged) event.payload();
                resource = changed.config().path("kind").asString("?") + "/" + changed.config().path("name").asString("?");
                var spec = changed.config().get("spec");
                recorded = new Recorded(changed.generation(), changed.config().path("uid").asString("none"),
                        spec == null ? JsonNodeFactory.instance.nullNode() : spec);
            }
            latest.merge(resource, recorded, (a, b) -> a.generation() >= b.generation() ? a : b);
        }
        return latest;
    }

    /** How an AgentProfile's recorded fact is compared with its manifest: agent, version and setting (null if unrecorded). */
    public static JsonNode agentContent(String agent, String version, Payload.AgentSetting setting) {
        var content = JsonNodeFactory.instance.objectNode().put("agent", agent).put("version", version);
        if (setting == null) {
            content.putNull("setting");
        } else {
            content.putObject("setting").put("provider", setting.provider()).put("model", setting.model())
                    .put("temperature", setting.temperature()).put("promptVersion", setting.promptVersion())
                    .put("baseUrl", setting.baseUrl());
        }
        return content;
    }

    /** The moments after this one at which the configuration changed, earliest first. */
    public List<Instant> changesAfter(Instant moment) {
        return facts().stream().map(Fact::time).filter(t -> t.isAfter(moment)).distinct().sorted().toList();
    }

    /**
     * The configuration in force at this moment; empty when no Tenant fact is that old. A fact that cannot be read
     * counts as absent (the loader validates before recording, so only a foreign writer produces one).
     */
    public Optional<TenantConfig> asOf(Instant moment) {
        var latest = facts().stream().filter(f -> !f.time().isAfter(moment))
                .collect(Collectors.toMap(Fact::resource, f -> f, (a, b) -> newer(a, b) ? a : b));
        var tenant = latest.get(KIND_TENANT + "/" + tenantId);
        if (tenant == null) {
            return Optional.empty();
        }
        var spec = spec(tenant.event());
        if (spec.isEmpty() || spec.get().isNull()) {
            return Optional.empty(); // deleted
        }
        var thresholdNode = spec.get().get("confidenceThreshold");
        if (thresholdNode != null && !thresholdNode.isNumber()) {
            return Optional.empty();
        }
        double threshold = thresholdNode == null ? TenantConfig.DEFAULT_CONFIDENCE_THRESHOLD : thresholdNode.doubleValue();
        Optional<String> github = latest.values().stream()
                .filter(f -> f.resource().startsWith(KIND_INTEGRATION + "/"))
                .sorted(Comparator.comparing(Fact::resource))
                .map(f -> spec(f.event()).orElse(null))
                .filter(s -> s != null && "github".equals(s.path("type").asString(null)) && s.path("repository").isString())
                .map(s -> s.path("repository").asString())
                .findFirst();
        var versions = new HashMap<String, String>();
        latest.values().stream().filter(f -> f.event().payload() instanceof Payload.AgentVersionActivated)
                .sorted(Comparator.comparing(Fact::resource))
                .forEach(f -> {
                    var activated = (Payload.AgentVersionActivated) f.event().payload();
                    versions.putIfAbsent(activated.agent(), activated.version());
                });
        try {
            return Optional.of(new TenantConfig(tenantId, threshold, github, versions));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean newer(Fact a, Fact b) {
        int byTime = a.time().compareTo(b.time());
        if (byTime != 0) {
            return byTime > 0;
        }
        if (a.generation() != b.generation()) {
            return a.generation() > b.generation();
        }
        return a.eventId().compareTo(b.eventId()) > 0;
    }

    private List<Fact> facts() {
        return winners.values().stream().map(TimelineRecord::event).map(ConfigHistory::fact).toList();
    }

    private static Fact fact(Event event) {
        if (event.payload() instanceof Payload.AgentVersionActivated activated) {
            // An agent's version is a per-agent setting, whichever profile carries it.
            return new Fact("Agent/" + activated.agent(), event.time(), activated.generation(), event.eventId(), event);
        }
        var changed = (Payload.TenantConfigChanged) event.payload();
        var config = changed.config();
        return new Fact(config.path("kind").asString("?") + "/" + config.path("name").asString("?"), event.time(),
                changed.generation(), event.eventId(), event);
    }

    private static Optional<JsonNode> spec(Event event) {
        if (!(event.payload() instanceof Payload.TenantConfigChanged changed)) {
            return Optional.empty();
        }
        var spec = changed.config().get("spec");
        return Optional.ofNullable(spec);
    }
}
