package dev.debugd.manifests;

import dev.debugd.config.ConfigHistory;
import dev.debugd.operator.api.v1alpha1.AgentProfileSpec;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns manifests into configuration facts (ARCHITECTURE §4): a Tenant or Integration into TenantConfigChanged, an
 * AgentProfile into AgentVersionActivated with its whole model setting, each under the tenant's `_config` incident and
 * keyed by resource, uid and generation. The local mode numbers generations itself (the API server does it in a cluster):
 * one more than the last recorded, when the resource changed. An agent's setting may change only with its version,
 * since outputs are keyed by version: such a change is refused, and the last recorded setting stays. Pure.
 */
public final class ConfigFacts {

    public static final String CONFIG_INCIDENT = "_config";
    public static final Event.Agent LOADER = new Event.Agent("manifest-loader", "1");

    private ConfigFacts() {}

    /** The fact recording this manifest at this generation, by the manifest loader. */
    public static Event fact(Manifest manifest, long generation, Instant time) {
        return fact(manifest, generation, time, LOADER);
    }

    /** The fact recording this resource at this generation, by whoever watches the resources (the loader, the operator). */
    public static Event fact(Manifest manifest, long generation, Instant time, Event.Agent recorder) {
        var key = IdempotencyKey.configuration(manifest.tenant(), manifest.kind(), manifest.name(), manifest.uid(), generation);
        Payload payload;
        if (manifest.kind().equals("AgentProfile")) {
            var spec = manifest.agentProfileSpec();
            payload = new Payload.AgentVersionActivated(manifest.name(), spec.agent().value(), spec.version(), generation,
                    setting(spec));
        } else {
            payload = new Payload.TenantConfigChanged(generation, config(manifest.kind(), manifest.name(), manifest.uid(),
                    manifest.spec()));
        }
        return Event.create(time, manifest.tenant(), CONFIG_INCIDENT, 1, payload, recorder, key, null);
    }

    /** The fact recording that a Tenant or Integration is gone: its spec recorded as null, at the next generation. */
    public static Event deletion(String tenant, String kind, String name, String uid, long generation, Instant time,
            Event.Agent recorder) {
        var payload = new Payload.TenantConfigChanged(generation, config(kind, name, uid, null));
        return Event.create(time, tenant, CONFIG_INCIDENT, 1, payload, recorder,
                IdempotencyKey.configuration(tenant, kind, name, uid, generation), null);
    }

    private static ObjectNode config(String kind, String name, String uid, JsonNode spec) {
        var config = JsonNodeFactory.instance.objectNode();
        config.put("kind", kind);
        config.put("name", name);
        config.put("uid", uid);
        config.set("spec", spec == null ? JsonNodeFactory.instance.nullNode() : spec);
        return config;
    }

    /**
     * The facts that bring the recorded configuration in line with the manifests: a new or changed resource gets
     * its next generation; a Tenant or Integration whose manifest is gone is recorded as deleted (an AgentProfile's
     * last version stays active: its agent keeps running until replaced).
     *
     * @param everyManifestRead false when a document could not be read: then nothing is deleted, since the resource
     *     that seems gone may be in it, and its tenant keeps its last recorded settings
     */
    public static List<Event> changes(Map<String, ConfigHistory> recorded, List<Manifest> manifests, Instant time,
            boolean everyManifestRead) {
        var facts = new ArrayList<Event>();
        var present = new HashSet<String>();
        for (var manifest : manifests) {
            present.add(manifest.tenant() + "/" + manifest.resource());
            var last = last(recorded, manifest);
            if (refusal(last, manifest) != null) {
                continue;
            }
            if (last == null || !Objects.equals(last.content(), content(manifest))) {
                facts.add(fact(manifest, last == null ? 1 : last.generation() + 1, time));
            }
        }
        recorded.forEach((tenant, history) -> history.latestRecorded().forEach((resource, last) -> {
            boolean deletable = resource.startsWith("Tenant/") || resource.startsWith("Integration/");
            if (everyManifestRead && deletable && !present.contains(tenant + "/" + resource) && !last.content().isNull()) {
                var slash = resource.indexOf('/');
                var kind = resource.substring(0, slash);
                var name = resource.substring(slash + 1);
                facts.add(deletion(tenant, kind, name, last.uid(), last.generation() + 1, time, LOADER));
            }
        }));
        return facts;
    }

    /** Why a manifest's change is not recorded, one line each: an agent's setting changed without a new version. */
    public static List<String> refusals(Map<String, ConfigHistory> recorded, List<Manifest> manifests) {
        var refusals = new ArrayList<String>();
        for (var manifest : manifests) {
            var refusal = refusal(last(recorded, manifest), manifest);
            if (refusal != null) {
                refusals.add(refusal);
            }
        }
        return refusals;
    }

    private static ConfigHistory.Recorded last(Map<String, ConfigHistory> recorded, Manifest manifest) {
        var history = recorded.get(manifest.tenant());
        return history == null ? null : history.latestRecorded().get(manifest.resource());
    }

    /** Why this manifest's change is not recorded, if it is not: an agent's setting changed without a new version. */
    public static Optional<String> refusal(Map<String, ConfigHistory> recorded, Manifest manifest) {
        return Optional.ofNullable(refusal(last(recorded, manifest), manifest));
    }

    private static String refusal(ConfigHistory.Recorded last, Manifest manifest) {
        if (last == null || !manifest.kind().equals("AgentProfile")) {
            return null;
        }
        var recordedSetting = last.content().path("setting");
        var version = manifest.agentProfileSpec().version();
        if (recordedSetting.isNull() || !last.content().path("version").asString().equals(version)) {
            return null; // a new version may change anything; a fact from before settings were recorded is completed
        }
        var changed = new ArrayList<String>();
        content(manifest).path("setting").properties().forEach(field -> {
            if (!Objects.equals(field.getValue(), recordedSetting.get(field.getKey()))) {
                changed.add(field.getKey());
            }
        });
        return changed.isEmpty() ? null : "AgentProfile " + manifest.name() + ": " + String.join(", ", changed) + " changed"
                + " without a new spec.version (still " + version + "); outputs are keyed by version, so the change is refused"
                + " and the agent keeps its recorded setting until spec.version changes";
    }

    /** An AgentProfile's model setting; an absent provider is the builtin reasoner. */
    private static Payload.AgentSetting setting(AgentProfileSpec spec) {
        var provider = spec.provider() == null ? AgentProfileSpec.Provider.BUILTIN : spec.provider();
        return new Payload.AgentSetting(provider.value(), spec.model(), spec.temperature(), spec.promptVersion(),
                spec.baseUrl(), spec.credentials(), spec.prices());
    }

    /** What a recorded fact says about its resource, in the form {@link ConfigHistory#latestRecorded} gives it. */
    static JsonNode content(Manifest manifest) {
        if (manifest.kind().equals("AgentProfile")) {
            var spec = manifest.agentProfileSpec();
            return ConfigHistory.agentContent(spec.agent().value(), spec.version(), setting(spec));
        }
        return manifest.spec();
    }
}
