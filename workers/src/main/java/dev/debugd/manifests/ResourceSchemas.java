package dev.debugd.manifests;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The schemas of the generated CRDs (operator/api, {@code META-INF/fabric8}), as a JSON-schema validator reads them:
 * the local mode checks a manifest with the same schema the API server checks a custom resource with.
 */
final class ResourceSchemas {

    private static final Map<String, String> CRD_BY_KIND = Map.of(
            "Tenant", "tenants.debugd.dev-v1.yml",
            "Integration", "integrations.debugd.dev-v1.yml",
            "AgentProfile", "agentprofiles.debugd.dev-v1.yml");
    private static final Map<String, Schema> SCHEMAS = Map.of(
            "Tenant", load("Tenant"), "Integration", load("Integration"), "AgentProfile", load("AgentProfile"));

    private ResourceSchemas() {}

    /** What the kind's schema finds wrong with a document, one line each naming the field ("spec.tenant: …"). */
    static List<String> violations(String kind, JsonNode document) {
        var schema = SCHEMAS.get(kind);
        if (schema == null) {
            throw new IllegalArgumentException("no schema for kind " + kind);
        }
        return schema.validate(document).stream().map(error -> field(error.getInstanceLocation().toString()) + ": "
                + error.getMessage()).toList();
    }

    /** "/spec/detection/spikeFactor" as people write it: "spec.detection.spikeFactor". */
    private static String field(String pointer) {
        return pointer.isEmpty() ? "the resource" : pointer.substring(1).replace('/', '.');
    }

    private static Schema load(String kind) {
        var file = "/META-INF/fabric8/" + CRD_BY_KIND.get(kind);
        try (var in = ResourceSchemas.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("the CRD " + file + " is not on the class path (built by operator/api)");
            }
            var crd = YAMLMapper.builder().build().readTree(in);
            // OpenAPI v3 in a CRD is JSON Schema draft 4 with extensions the validator ignores.
            var schema = crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
