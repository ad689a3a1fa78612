package dev.debugd.manifests;

import dev.debugd.config.ResourceName;
import dev.debugd.detect.rules.DetectionSettings;
import dev.debugd.signature.GroupingSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A Tenant, AgentProfile or Integration resource as written in a manifest (the same shape the operator's custom
 * resources take): its kind, name, uid, the tenant it belongs to and its spec.
 *
 * @param uid the resource's metadata.uid, which configuration facts are keyed by (a deleted and re-created resource
 *     starts at generation 1 again under a new uid); a manifest without one gets a stable uid from where it was read
 */
public record Manifest(String kind, String name, String uid, String tenant, JsonNode spec) {

    public static final String API_VERSION = "debugd.dev/v1alpha1";
    public static final List<String> KINDS = List.of("Tenant", "AgentProfile", "Integration");
    public static final List<String> AGENTS = List.of("rca", "fix", "instrumentation", "evaluation");
    public static final List<String> PROVIDERS = List.of("builtin", "openai", "anthropic");
    private static final Pattern UID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+-]{1,64}");

    /**
     * Checks a parsed document; the message names the field.
     *
     * @param origin where it was read (a file's name): with its kind and name, the uid of a manifest that has none
     */
    public static Manifest of(JsonNode document, String origin) {
        if (!document.isObject()) {
            throw new IllegalArgumentException("a manifest must be a mapping");
        }
        var apiVersion = document.path("apiVersion").asString("");
        if (!API_VERSION.equals(apiVersion)) {
            throw new IllegalArgumentException("apiVersion must be " + API_VERSION + ", got '" + apiVersion + "'");
        }
        var kind = document.path("kind").asString("");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind must be one of " + KINDS + ", got '" + kind + "'");
        }
        var name = document.path("metadata").path("name").asString("");
        if (!ResourceName.isValid(name)) {
            throw new IllegalArgumentException("metadata.name '" + name + "' must be a DNS label (lower-case letters, digits, '-')");
        }
        var spec = document.get("spec");
        if (spec == null || !spec.isObject()) {
            throw new IllegalArgumentException(kind + " " + name + ": spec must be a mapping");
        }
        var where = kind + " " + name + ": ";
        if (kind.equals("Tenant")) {
            var threshold = spec.get("confidenceThreshold");
            if (threshold != null && (!threshold.isNumber() || threshold.doubleValue() < 0 || threshold.doubleValue() > 1)) {
                throw new IllegalArgumentException(where + "spec.confidenceThreshold must be a number between 0 and 1");
            }
            try {
                DetectionSettings.of(spec.get("detection"));
                GroupingSettings.of(spec.get("grouping"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
            return new Manifest(kind, name, uid(document, origin, kind, name), name, spec);
        }
        var tenant = text(spec, "tenant", where);
        if (!ResourceName.isValid(tenant)) {
            throw new IllegalArgumentException(where + "spec.tenant '" + tenant + "' must be a tenant's name");
        }
        if (kind.equals("AgentProfile")) {
            var agent = text(spec, "agent", where);
            if (!AGENTS.contains(agent)) {
                throw new IllegalArgumentException(where + "spec.agent must be one of " + AGENTS + ", got '" + agent + "'");
            }
            if (!VERSION.matcher(text(spec, "version", where)).matches()) {
                throw new IllegalArgumentException(where + "spec.version must match " + VERSION);
            }
            var provider = spec.get("provider");
            if (provider != null && !(provider.isString() && PROVIDERS.contains(provider.asString()))) {
                throw new IllegalArgumentException(where + "spec.provider must be one of " + PROVIDERS + ", got " + provider);
            }
            var temperature = spec.get("temperature");
            if (temperature != null && (!temperature.isNumber() || temperature.doubleValue() < 0 || temperature.doubleValue() > 2)) {
                throw new IllegalArgumentException(where + "spec.temperature must be a number from 0 to 2");
            }
            for (var field : List.of("model", "promptVersion", "baseUrl")) {
                if (spec.has(field) && !spec.get(field).isString()) {
                    throw new IllegalArgumentException(where + "spec." + field + " must be a string");
                }
            }
        } else {
            var type = text(spec, "type", where);
            if (!type.equals("github")) {
                throw new IllegalArgumentException(where + "spec.type must be github, got '" + type + "'");
            }
            if (!text(spec, "repository", where).matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException(where + "spec.repository must be owner/name");
            }
        }
        return new Manifest(kind, name, uid(document, origin, kind, name), tenant, spec);
    }

    private static String uid(JsonNode document, String origin, String kind, String name) {
        var uid = document.path("metadata").path("uid");
        if (uid.isMissingNode()) {
            return UUID.nameUUIDFromBytes((origin + "\n" + kind + "/" + name).getBytes(StandardCharsets.UTF_8)).toString();
        }
        if (!uid.isString() || !UID.matcher(uid.asString()).matches()) {
            throw new IllegalArgumentException(kind + " " + name + ": metadata.uid must be a UUID");
        }
        return uid.asString();
    }

    private static String text(JsonNode spec, String field, String where) {
        var value = spec.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new IllegalArgumentException(where + "spec." + field + " is missing");
        }
        return value.asString();
    }

    /** Identifies the resource within its tenant, as configuration facts name it. */
    public String resource() {
        return kind + "/" + name;
    }
}
