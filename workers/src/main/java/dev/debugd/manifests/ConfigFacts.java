package dev.debugd.manifests;

import dev.debugd.dispatch.rules.ConfigHistory;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns manifests into configuration facts (ARCHITECTURE §4): a Tenant or Integration into TenantConfigChanged, an
 * AgentProfile into AgentVersionActivated, each under the tenant's `_config` incident and keyed by resource and
 * generation. The local mode numbers generations itself (the API server does it in a cluster): one more than the
 * last recorded, when the resource changed. Pure.
 */
public final class ConfigFacts {

    public static final String CONFIG_INCIDENT = "_config";
    public static final Event.Agent LOADER = new Event.Agent("manifest-loader", "1");

    private ConfigFacts() {}

    /** The fact recording this manifest at this generation. */
    public static Event fact(Manifest manifest, long generation, Instant time) {
        var key = IdempotencyKey.configuration(manifest.tenant(), manifest.kind(), manifest.name(), generation);
        Payload payload;
        if (manifest.kind().equals("AgentProfile")) {
            payload = new Payload.AgentVersionActivated(manifest.name(), manifest.spec().path("agent").asString(),
                    manifest.spec().path("version").asString(), generation);
        } else {
            payload = new Payload.TenantConfigChanged(generation, config(manifest.kind(), manifest.name(), manifest.spec()));
        }
        return Event.create(time, manifest.tenant(), CONFIG_INCIDENT, 1, payload, LOADER, key, null);
    }

    private static ObjectNode config(String kind, String name, JsonNode spec) {
        var config = JsonNodeFactory.instance.objectNode();
        config.put("kind", kind);
        config.put("name", name);
        config.set("spec", spec == null ? JsonNodeFactory.instance.nullNode() : spec);
        return config;
    }

    /**
     * The facts that bring the recorded configuration in line with the manifests: a new or changed resource gets
     * its next generation; a Tenant or Integration whose manifest is gone is recorded as deleted (an AgentProfile's
     * last version stays active: its agent keeps running until replaced).
     */
    public static List<Event> changes(Map<String, ConfigHistory> recorded, List<Manifest> manifests, Instant time) {
        var facts = new ArrayList<Event>();
        var present = new HashSet<String>();
        for (var manifest : manifests) {
            present.add(manifest.tenant() + "/" + manifest.resource());
            var history = recorded.get(manifest.tenant());
            var last = history == null ? null : history.latestRecorded().get(manifest.resource());
            if (last == null || !Objects.equals(last.content(), content(manifest))) {
                facts.add(fact(manifest, last == null ? 1 : last.generation() + 1, time));
            }
        }
        recorded.forEach((tenant, history) -> history.latestRecorded().forEach((resource, last) -> {
            boolean deletable = resource.startsWith("Tenant/") || resource.startsWith("Integration/");
            if (deletable && !present.contains(tenant + "/" + resource) && !last.content().isNull()) {
                var slash = resource.indexOf('/');
                var payload = new Payload.TenantConfigChanged(last.generation() + 1,
                        config(resource.substring(0, slash), resource.substring(slash + 1), null));
                facts.add(Event.create(time, tenant, CONFIG_INCIDENT, 1, payload, LOADER, IdempotencyKey.configuration(tenant,
                        resource.substring(0, slash), resource.substring(slash + 1), last.generation() + 1), null));
            }
        }));
        return facts;
    }

    /** What a recorded fact says about its resource, in the form {@link ConfigHistory#latestRecorded} gives it. */
    static JsonNode content(Manifest manifest) {
        if (manifest.kind().equals("AgentProfile")) {
            return ConfigHistory.agentContent(manifest.spec().path("agent").asString(), manifest.spec().path("version").asString());
        }
        return manifest.spec();
    }
}
