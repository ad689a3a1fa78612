package dev.debugd.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The user examples in crds/examples/ validate against the CRDs; bad manifests are refused naming the field. */
class ExamplesTest {

    private static List<String> errors(JsonNode manifest) throws Exception {
        return Crds.schema(manifest.path("kind").asString()).validate(manifest).stream()
                .map(error -> error.getInstanceLocation() + ": " + error.getMessage()).toList();
    }

    @Test
    void everyExampleValidates() throws Exception {
        var kinds = new ArrayList<String>();
        try (Stream<Path> files = Files.list(Crds.CHECKED_IN.resolve("examples"))) {
            for (var file : files.sorted().toList()) {
                for (var manifest : Crds.documents(file)) {
                    assertThat(errors(manifest)).as(file + " " + manifest.path("metadata").path("name")).isEmpty();
                    kinds.add(manifest.path("kind").asString() + " " + manifest.path("spec").path("type").asString(""));
                }
            }
        }
        assertThat(kinds).contains("Tenant ", "Integration github", "Integration sentry");
        assertThat(kinds.stream().filter(kind -> kind.startsWith("AgentProfile"))).hasSize(4);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a threshold above 1         | Tenant       | {confidenceThreshold: 1.5}                                   | /spec/confidenceThreshold | maximum
            a threshold that is text    | Tenant       | {confidenceThreshold: high}                                  | /spec/confidenceThreshold | number expected
            a spike factor below 1      | Tenant       | {detection: {spikeFactor: 0.5}}                              | /spec/detection/spikeFactor | minimum
            a zero error rate           | Tenant       | {detection: {errorRateThreshold: 0}}                         | /spec/detection/errorRateThreshold | minimum
            a duration without unit     | Tenant       | {fixLoop: {observationWindow: '60'}}                         | /spec/fixLoop/observationWindow | pattern
            an unknown provider         | AgentProfile | {tenant: acme, agent: rca, version: 1.0.0, provider: gemini} | /spec/provider | enum
            an unknown agent            | AgentProfile | {tenant: acme, agent: triage, version: 1.0.0}                | /spec/agent | enum
            a missing version           | AgentProfile | {tenant: acme, agent: rca}                                   | /spec | 'version'
            a tenant that is no name    | AgentProfile | {tenant: Acme_Corp, agent: rca, version: 1.0.0}              | /spec/tenant | pattern
            a temperature above 2       | AgentProfile | {tenant: acme, agent: fix, version: 1.0.0, temperature: 3}   | /spec/temperature | maximum
            a missing tenant            | Integration  | {type: github, repository: acme/shop}                        | /spec | 'tenant'
            an unknown type             | Integration  | {tenant: acme, type: gitlab}                                 | /spec/type | enum
            a repository without owner  | Integration  | {tenant: acme, type: github, repository: shop}               | /spec/repository | pattern
            a secret ref without key    | Integration  | {tenant: acme, type: github, credentials: {name: gh}}        | /spec/credentials | 'key'
            """)
    void aBadManifestIsRefusedNamingTheField(String what, String kind, String spec, String field, String saying) throws Exception {
        var manifest = Crds.YAML.readTree("apiVersion: debugd.dev/v1alpha1\nkind: " + kind + "\nmetadata: {name: x}\nspec: " + spec);
        assertThat(errors(manifest)).as(what).singleElement().asString().startsWith(field + ": ").contains(saying);
    }
}
