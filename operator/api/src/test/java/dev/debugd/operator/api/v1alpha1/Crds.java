package dev.debugd.operator.api.v1alpha1;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The CRDs as the build generates them and as crds/ holds them, and their schemas as a JSON-schema validator reads them. */
final class Crds {

    static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
    static final Path CHECKED_IN = Path.of("../../crds");
    static final YAMLMapper YAML = YAMLMapper.builder().build();

    private Crds() {}

    static List<Path> generated() throws IOException {
        try (Stream<Path> files = Files.list(GENERATED)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-v1.yml")).sorted().toList();
        }
    }

    /** The documents of a YAML file. */
    static List<JsonNode> documents(Path file) throws IOException {
        try (var parser = YAML.createParser(file.toFile())) {
            return YAML.readValues(parser, JsonNode.class).readAll();
        }
    }

    /** The checked-in CRD's schema for a kind (OpenAPI v3 in a CRD is JSON Schema draft 4 with extensions). */
    static Schema schema(String kind) throws IOException {
        for (var file : generated()) {
            var crd = documents(CHECKED_IN.resolve(file.getFileName())).get(0);
            if (crd.path("spec").path("names").path("kind").asString().equals(kind)) {
                var schema = crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
                return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schema);
            }
        }
        throw new AssertionError("no CRD in " + CHECKED_IN + " for kind " + kind);
    }
}
