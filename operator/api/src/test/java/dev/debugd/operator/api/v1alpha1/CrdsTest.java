package dev.debugd.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** crds/ holds exactly what the build generates from the types: a change of a type without crds/ fails here. */
class CrdsTest {

    private static final String WRITE = "mvn -B -pl operator/api -am -P write-crds process-classes";

    @Test
    void crdsAreTheGeneratedOnes() throws Exception {
        var generated = Crds.generated();
        assertThat(generated).extracting(file -> file.getFileName().toString())
                .containsExactly("agentprofiles.debugd.dev-v1.yml", "integrations.debugd.dev-v1.yml", "tenants.debugd.dev-v1.yml");
        var stale = new ArrayList<String>();
        for (var file : generated) {
            var checkedIn = Crds.CHECKED_IN.resolve(file.getFileName());
            if (!Files.exists(checkedIn) || !Files.readString(checkedIn).equals(Files.readString(file))) {
                stale.add(checkedIn.toString());
            }
        }
        assertThat(stale).as("stale CRDs in crds/; write them anew with: " + WRITE).isEmpty();
        try (var checkedIn = Files.list(Crds.CHECKED_IN)) {
            assertThat(checkedIn.filter(file -> file.toString().endsWith(".yml")).map(file -> file.getFileName().toString()))
                    .as("CRDs in crds/ that no type generates").containsExactlyInAnyOrder("agentprofiles.debugd.dev-v1.yml",
                            "integrations.debugd.dev-v1.yml", "tenants.debugd.dev-v1.yml");
        }
    }

    @Test
    void eachKindHasAStatusSubresourceConditionsAndPrinterColumns() throws Exception {
        for (var file : Crds.generated()) {
            var version = Crds.documents(file).get(0).path("spec").path("versions").get(0);
            var kind = file.getFileName().toString();
            assertThat(version.path("subresources").has("status")).as(kind).isTrue();
            var status = version.path("schema").path("openAPIV3Schema").path("properties").path("status").path("properties");
            assertThat(status.has("observedGeneration")).as(kind).isTrue();
            assertThat(status.path("conditions").path("items").path("properties").propertyNames())
                    .as(kind).contains("type", "status", "reason", "message", "lastTransitionTime");
            assertThat(version.path("additionalPrinterColumns").valueStream().map(column -> column.path("name").asString()))
                    .as(kind).contains("Ready");
        }
    }

    /** The README shows what `kubectl get tenants,agentprofiles` prints: its headers are the CRDs' columns, in their order. */
    @Test
    void theReadmesKubectlHeadersAreTheCrdsColumns() throws Exception {
        var readme = Files.readAllLines(Crds.CHECKED_IN.resolve("../README.md"));
        for (var kind : List.of("tenants", "agentprofiles")) {
            var version = Crds.documents(Crds.CHECKED_IN.resolve(kind + ".debugd.dev-v1.yml")).get(0).path("spec").path("versions")
                    .get(0);
            var columns = new ArrayList<String>(List.of("NAME"));
            version.path("additionalPrinterColumns").valueStream()
                    .forEach(column -> columns.add(column.path("name").asString().toUpperCase(Locale.ROOT)));
            var singular = kind.substring(0, kind.length() - 1) + ".debugd.dev/";
            // The header is the line above the first row of this kind.
            var firstRow = readme.stream().filter(line -> line.startsWith(singular)).findFirst().orElseThrow(() ->
                    new AssertionError("README.md shows no " + singular + " row"));
            var header = readme.get(readme.indexOf(firstRow) - 1);
            assertThat(List.of(header.trim().split(" {2,}"))).as(kind).isEqualTo(columns);
            assertThat(firstRow.trim().split(" {2,}")).as(kind).hasSize(columns.size());
        }
    }
}
