package dev.debugd.manifests;

import dev.debugd.config.ResourceName;
import dev.debugd.config.ResourceSpecs;
import dev.debugd.operator.api.v1alpha1.AgentProfileSpec;
import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import dev.debugd.operator.api.v1alpha1.TenantSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Tenant, AgentProfile or Integration resource as written in a manifest (the custom resources' shape): its kind,
 * name, uid, the tenant it belongs to and its spec as written, which is what configuration facts record.
 *
 * @param uid the resource's metadata.uid, which configuration facts are keyed by (a deleted and re-created resource
 *     starts at generation 1 again under a new uid); a manifest without one gets a stable uid from where it was read
 */
public record Manifest(String kind, String name, String uid, String tenant, JsonNode spec) {

    public static final String API_VERSION = "debugd.dev/v1alpha1";
    public static final Map<String, Class<?>> SPEC_TYPES = Map.of(
            "Tenant", TenantSpec.class, "Integration", IntegrationSpec.class, "AgentProfile", AgentProfileSpec.class);
    private static final Set<String> TOP_LEVEL_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec", "status");
    private static final Pattern UID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** As kubectl's strict field validation: a field the type does not have is an error, not silently dropped. */
    private static final JsonMapper STRICT = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * Checks a parsed document with its kind's CRD schema and type; the message names the resource and the field.
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
        var type = SPEC_TYPES.get(kind);
        if (type == null) {
            throw new IllegalArgumentException("kind must be one of " + SPEC_TYPES.keySet().stream().sorted().toList()
                    + ", got '" + kind + "'");
        }
        var name = document.path("metadata").path("name").asString("");
        if (!ResourceName.isValid(name)) {
            throw new IllegalArgumentException(kind + ": metadata.name '" + name
                    + "' must be a DNS label (lower-case letters, digits, '-')");
        }
        var problems = new ArrayList<String>();
        document.propertyNames().stream().filter(field -> !TOP_LEVEL_FIELDS.contains(field)).sorted()
                .forEach(field -> problems.add(field + ": unknown field"));
        if (!document.path("spec").isObject()) {
            problems.add("spec: must be a mapping");
        }
        if (problems.isEmpty()) {
            problems.addAll(ResourceSchemas.violations(kind, document));
        }
        if (problems.isEmpty()) {
            unknownField(document.get("spec"), type).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(kind + " " + name + ": " + String.join("; ", problems));
        }
        var spec = document.get("spec");
        var tenant = kind.equals("Tenant") ? name : spec.path("tenant").asString();
        return new Manifest(kind, name, uid(document, origin, kind, name), tenant, spec);
    }

    /** The first field of the spec its type does not have, named with its path. */
    private static Optional<String> unknownField(JsonNode spec, Class<?> type) {
        try {
            STRICT.treeToValue(spec, type);
            return Optional.empty();
        } catch (UnrecognizedPropertyException e) {
            var path = e.getPath().stream().map(reference -> reference.getPropertyName() != null ? "." + reference.getPropertyName()
                    : "[" + reference.getIndex() + "]").collect(Collectors.joining());
            return Optional.of("spec" + path + ": unknown field (known here: " + e.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")");
        } catch (JacksonException e) {
            return Optional.of("spec: " + e.getOriginalMessage());
        }
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

    /** Identifies the resource within its tenant, as configuration facts name it. */
    public String resource() {
        return kind + "/" + name;
    }

    /** The spec of a Tenant manifest as its type reads it. */
    public TenantSpec tenantSpec() {
        return typed(ResourceSpecs.tenant(spec), "Tenant");
    }

    /** The spec of an Integration manifest as its type reads it. */
    public IntegrationSpec integrationSpec() {
        return typed(ResourceSpecs.integration(spec), "Integration");
    }

    /** The spec of an AgentProfile manifest as its type reads it. */
    public AgentProfileSpec agentProfileSpec() {
        return typed(ResourceSpecs.agentProfile(spec), "AgentProfile");
    }

    private <T> T typed(Optional<T> read, String expectedKind) {
        if (!kind.equals(expectedKind)) {
            throw new IllegalStateException(resource() + " is not a " + expectedKind);
        }
        return read.orElseThrow(() -> new IllegalStateException(resource() + ": spec does not read as " + expectedKind));
    }
}
