package dev.debugd.config;

import dev.debugd.operator.api.v1alpha1.AgentProfileSpec;
import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import dev.debugd.operator.api.v1alpha1.TenantSpec;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A resource's spec as the custom resource types read it: a recorded one, or a manifest's once its schema was checked.
 * Absent fields stay null (each reader applies its defaults); unknown fields are ignored, so a fact recorded by a newer
 * version still reads (ARCHITECTURE §3). Pure.
 */
public final class ResourceSpecs {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private ResourceSpecs() {}

    public static Optional<TenantSpec> tenant(JsonNode spec) {
        return read(spec, TenantSpec.class);
    }

    public static Optional<IntegrationSpec> integration(JsonNode spec) {
        return read(spec, IntegrationSpec.class);
    }

    public static Optional<AgentProfileSpec> agentProfile(JsonNode spec) {
        return read(spec, AgentProfileSpec.class);
    }

    /** The spec as that type; empty when it is absent or does not have the type's shape. */
    private static <T> Optional<T> read(JsonNode spec, Class<T> type) {
        if (spec == null || !spec.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(MAPPER.treeToValue(spec, type));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
