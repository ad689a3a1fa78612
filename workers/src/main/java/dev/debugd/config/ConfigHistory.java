package dev.debugd.config;

import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import dev.debugd.operator.api.v1alpha1.TenantSpec;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
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
            var recorded = content.putObject("setting").put("provider", setting.provider()).put("model", setting.model())
                    .put("temperature", setting.temperature()).put("promptVersion", setting.promptVersion())
                    .put("baseUrl", setting.baseUrl());
            // Absent rather than null: settings recorded before these fields were compare equal.
            if (setting.credentials() != null) {
                recorded.putObject("credentials").put("name", setting.credentials().name()).put("key", setting.credentials().key());
            }
            if (setting.prices() != null) {
                recorded.putObject("prices").put("inputPerMillionTokens", setting.prices().inputPerMillionTokens())
                        .put("outputPerMillionTokens", setting.prices().outputPerMillionTokens());
            }
        }
        return content;
    }

    /**
     * The setting an agent's version was recorded with (the latest fact of that agent and version, whichever profile
     * carries it); empty when none was, or it was recorded before settings were.
     */
    public Optional<Payload.AgentSetting> agentSetting(String agent, String version) {
        return winners.values().stream().map(TimelineRecord::event)
                .filter(e -> e.payload() instanceof Payload.AgentVersionActivated a && a.agent().equals(agent)
                        && a.version().equals(version) && a.setting() != null)
                .max(java.util.Comparator.comparing(Event::time).thenComparing(Event::eventId))
                .map(e -> ((Payload.AgentVersionActivated) e.payload()).setting());
    }

    /** The moments after this one at which the configuration changed, earliest first. */
    public List<Instant> changesAfter(Instant moment) {
        return facts().stream().map(Fact::time).filter(t -> t.isAfter(moment)).distinct().sorted().toList();
    }

    /**
     * Per resource ("Tenant/acme", "Integration/acme-github", and "Agent/rca" for the version of an agent, whichever
     * profile carries it), the fact in force at this moment: the latest by time not after it (ties: the higher
     * generation).
     */
    public Map<String, Event> asOf(Instant moment) {
        return facts().stream().filter(f -> !f.time().isAfter(moment))
                .collect(Collectors.toMap(Fact::resource, f -> f, (a, b) -> newer(a, b) ? a : b)).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().event()));
    }

    /**
     * The Tenant's spec in force at this moment; empty before its first fact, after it was deleted, and when the
     * recorded spec does not read as a Tenant's (the loader checks before recording, so only a foreign writer makes one).
     */
    public Optional<TenantSpec> tenantAsOf(Instant moment) {
        var tenant = asOf(moment).get(KIND_TENANT + "/" + tenantId);
        return tenant == null ? Optional.empty() : spec(tenant).flatMap(ResourceSpecs::tenant);
    }

    /**
     * A setting read from the Tenant's spec, as recorded at each moment: {@code defaults} before the first Tenant fact,
     * after a deletion, and where {@code read} refuses the recorded spec (IllegalArgumentException; the loader checks
     * before recording, so only a foreign writer makes one). Computed once per change, so asking is a map lookup.
     */
    public <T> Function<Instant, T> tenantSettingAsRecorded(Function<TenantSpec, T> read, T defaults) {
        Function<Instant, T> at = moment -> tenantAsOf(moment).map(spec -> {
            try {
                return read.apply(spec);
            } catch (IllegalArgumentException e) {
                return defaults;
            }
        }).orElse(defaults);
        var byMoment = new TreeMap<Instant, T>();
        byMoment.put(Instant.MIN, at.apply(Instant.MIN));
        for (var moment : changesAfter(Instant.MIN)) {
            byMoment.put(moment, at.apply(moment));
        }
        return moment -> byMoment.floorEntry(moment).getValue();
    }

    public String tenantId() {
        return tenantId;
    }

    /**
     * The GitHub Integration among the resources in force (as {@link #asOf} gives them) that names a repository: the
     * first by name when there are several.
     */
    public static Optional<IntegrationSpec> github(Map<String, Event> inForce) {
        return inForce.entrySet().stream().filter(e -> e.getKey().startsWith(KIND_INTEGRATION + "/"))
                .sorted(Map.Entry.comparingByKey())
                .flatMap(e -> spec(e.getValue()).flatMap(ResourceSpecs::integration).stream())
                .filter(spec -> spec.type() == IntegrationSpec.Type.GITHUB && spec.repository() != null)
                .findFirst();
    }

    /** The Integration of this name among the resources in force (as {@link #asOf} gives them). */
    public static Optional<IntegrationSpec> integration(Map<String, Event> inForce, String name) {
        return Optional.ofNullable(inForce.get(KIND_INTEGRATION + "/" + name)).flatMap(ConfigHistory::spec)
                .flatMap(ResourceSpecs::integration);
    }

    /** The spec a TenantConfigChanged carries (null when its resource was deleted); empty for other facts. */
    public static Optional<JsonNode> spec(Event event) {
        if (!(event.payload() instanceof Payload.TenantConfigChanged changed)) {
            return Optional.empty();
        }
        return Optional.ofNullable(changed.config().get("spec"));
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

}
