package dev.debugd.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.debugd.config.ConfigHistory;
import dev.debugd.dispatch.rules.TenantConfig;
import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** Manifests of the local mode: reading them, and recording their changes as configuration facts. */
class ManifestsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static final String ACME = """
            apiVersion: debugd.dev/v1alpha1
            kind: Tenant
            metadata:
              name: acme
            spec:
              confidenceThreshold: 0.75
            ---
            apiVersion: debugd.dev/v1alpha1
            kind: AgentProfile
            metadata:
              name: acme-rca
            spec:
              tenant: acme
              agent: rca
              version: 1.2.0
              provider: builtin
            ---
            apiVersion: debugd.dev/v1alpha1
            kind: Integration
            metadata:
              name: acme-github
            spec:
              tenant: acme
              type: github
              repository: acme/shop
            """;

    @TempDir
    Path dir;

    private ManifestReader.Result read(String... files) throws IOException {
        for (int i = 0; i < files.length; i++) {
            Files.writeString(dir.resolve("m" + i + ".yaml"), files[i]);
        }
        return new ManifestReader().read(dir);
    }

    @Test
    void readsEveryDocumentOfEveryYamlFile() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");
        var result = read(ACME);
        assertThat(result.problems()).isEmpty();
        assertThat(result.manifests()).extracting(Manifest::resource)
                .containsExactly("Tenant/acme", "AgentProfile/acme-rca", "Integration/acme-github");
        assertThat(result.manifests()).extracting(Manifest::tenant).containsOnly("acme");
    }

    @Test
    void aGitHubIntegrationMayActAsAnAppAndOpenInstrumentationPullRequests() throws IOException {
        var result = read(ACME.replace("repository: acme/shop", """
                repository: acme/shop
                  githubApp: {appId: 412873, installationId: 58213402, privateKey: {name: acme-github-app, key: private-key.pem}}
                  features: [pullRequests, instrumentationPullRequests, codeContext]"""));
        assertThat(result.problems()).isEmpty();
        var spec = result.manifests().get(2).integrationSpec();
        assertThat(spec.githubApp().appId()).isEqualTo(412873L);
        assertThat(spec.githubApp().installationId()).isEqualTo(58213402L);
        assertThat(spec.githubApp().privateKey().key()).isEqualTo("private-key.pem");
        assertThat(spec.allows(IntegrationSpec.Feature.INSTRUMENTATION_PULL_REQUESTS)).isTrue();
    }

    @Test
    void badDocumentsAreReportedWithTheirFileAndTheRestStillCount() throws IOException {
        var result = read(ACME, """
                apiVersion: debugd.dev/v1alpha1
                kind: AgentProfile
                metadata: {name: acme-fix}
                spec: {tenant: acme, agent: fix}
                ---
                apiVersion: debugd.dev/v1alpha1
                kind: Tenant
                metadata: {name: Bad_Name}
                spec: {}
                ---
                apiVersion: debugd.dev/v1alpha1
                kind: Tenant
                metadata: {name: acme}
                spec: {confidenceThreshold: 2}
                ---
                apiVersion: v1
                kind: ConfigMap
                ---
                apiVersion: debugd.dev/v1alpha1
                kind: Tenant
                metadata: {name: globex}
                spec: {detection: {spikeFactor: 0.5}}
                ---
                apiVersion: debugd.dev/v1alpha1
                kind: Tenant
                metadata: {name: initech}
                spec: {grouping: {inAppPrefixes: "com.initech."}}
                """, "kind: [unclosed");
        assertThat(result.manifests()).hasSize(3);
        assertThat(result.problems()).containsExactly(
                "m1.yaml (document 1): AgentProfile acme-fix: spec: required property 'version' not found",
                "m1.yaml (document 2): Tenant: metadata.name 'Bad_Name' must be a DNS label (lower-case letters, digits, '-')",
                "m1.yaml (document 3): Tenant acme: spec.confidenceThreshold: must have a maximum value of 1.0",
                "m1.yaml (document 4): apiVersion must be debugd.dev/v1alpha1, got 'v1'",
                "m1.yaml (document 5): Tenant globex: spec.detection.spikeFactor: must have a minimum value of 1.0",
                "m1.yaml (document 6): Tenant initech: spec.grouping.inAppPrefixes: string found, array expected",
                "m2.yaml (document 1): not YAML at line 1, column 16: while parsing a flow sequence;"
                        + " expected ',' or ']', but got <stream end>");
    }

    @Test
    void theUserExamplesReadWithoutAProblem() throws IOException {
        for (var examples : List.of(Path.of("../crds/examples"), Path.of("../helm/examples"))) {
            var result = new ManifestReader().read(examples);
            assertThat(result.problems()).as(examples.toString()).isEmpty();
            assertThat(result.manifests()).as(examples.toString()).extracting(Manifest::kind).contains("Tenant", "AgentProfile");
        }
    }

    @Test
    void aMissingDirectoryIsAnError() {
        assertThatThrownBy(() -> new ManifestReader().read(dir.resolve("nowhere")))
                .hasMessageContaining("nowhere does not exist");
    }

    @Test
    void changesAreRecordedOnceWithTheNextGeneration() throws IOException {
        var manifests = read(ACME).manifests();
        var recorded = new HashMap<String, ConfigHistory>();
        var first = ConfigFacts.changes(recorded, manifests, T0, true);
        assertThat(first).extracting(Event::idempotencyKey).containsExactly(
                "acme/config/Tenant/acme/uid-" + uid("m0.yaml", "Tenant/acme") + "/generation-1",
                "acme/config/AgentProfile/acme-rca/uid-" + uid("m0.yaml", "AgentProfile/acme-rca") + "/generation-1",
                "acme/config/Integration/acme-github/uid-" + uid("m0.yaml", "Integration/acme-github") + "/generation-1");
        assertThat(first).extracting(Event::incidentId).containsOnly("_config");
        assertThat(first.get(1).payload()).isEqualTo(new Payload.AgentVersionActivated("acme-rca", "rca", "1.2.0", 1,
                new Payload.AgentSetting("builtin", null, null, null, null)));
        record(recorded, first);

        assertThat(ConfigFacts.changes(recorded, manifests, T0.plusSeconds(60), true)).isEmpty();

        Files.writeString(dir.resolve("m0.yaml"), ACME.replace("1.2.0", "1.3.0").replace("0.75", "0.8"));
        var second = ConfigFacts.changes(recorded, new ManifestReader().read(dir).manifests(), T0.plusSeconds(120), true);
        assertThat(second).extracting(Event::idempotencyKey).containsExactly(
                "acme/config/Tenant/acme/uid-" + uid("m0.yaml", "Tenant/acme") + "/generation-2",
                "acme/config/AgentProfile/acme-rca/uid-" + uid("m0.yaml", "AgentProfile/acme-rca") + "/generation-2");
        record(recorded, second);
        var config = TenantConfig.asOf(recorded.get("acme"), T0.plusSeconds(120)).orElseThrow();
        assertThat(config.confidenceThreshold()).isEqualTo(0.8);
        assertThat(config.agentVersions()).isEqualTo(Map.of("rca", "1.3.0"));
        assertThat(config.github()).contains(new TenantConfig.GitHub("acme/shop", true, false));
        assertThat(TenantConfig.asOf(recorded.get("acme"), T0.plusSeconds(119)).orElseThrow().confidenceThreshold()).isEqualTo(0.75);

        var deleted = ConfigFacts.changes(recorded, List.of(), T0.plusSeconds(180), true);
        assertThat(deleted).extracting(Event::idempotencyKey).containsExactlyInAnyOrder(
                "acme/config/Tenant/acme/uid-" + uid("m0.yaml", "Tenant/acme") + "/generation-3",
                "acme/config/Integration/acme-github/uid-" + uid("m0.yaml", "Integration/acme-github") + "/generation-2");
        record(recorded, deleted);
        assertThat(TenantConfig.asOf(recorded.get("acme"), T0.plusSeconds(180))).isEmpty();
        assertThat(ConfigFacts.changes(recorded, List.of(), T0.plusSeconds(240), true)).isEmpty();
    }

    @Test
    void aTenantWhoseManifestTurnsBadKeepsItsLastSettings() throws IOException {
        var recorded = new HashMap<String, ConfigHistory>();
        record(recorded, ConfigFacts.changes(recorded, read(ACME).manifests(), T0, true));
        Files.writeString(dir.resolve("m0.yaml"), ACME.replace("confidenceThreshold: 0.75", "confidenceThreshold: high"));
        var broken = new ManifestReader().read(dir);
        assertThat(broken.complete()).isFalse();
        assertThat(broken.problems()).singleElement().asString().contains("m0.yaml (document 1)", "Tenant acme",
                "spec.confidenceThreshold");
        var facts = ConfigFacts.changes(recorded, broken.manifests(), T0.plusSeconds(60), broken.complete());
        assertThat(facts).as("no deletion of the tenant whose manifest cannot be read").isEmpty();
        assertThat(TenantConfig.asOf(recorded.get("acme"), T0.plusSeconds(60)).orElseThrow().confidenceThreshold()).isEqualTo(0.75);
    }

    @Test
    void anAgentsSettingChangesOnlyWithItsVersion() throws IOException {
        var recorded = new HashMap<String, ConfigHistory>();
        record(recorded, ConfigFacts.changes(recorded, read(ACME).manifests(), T0, true));

        // The same version on another provider and model: refused, nothing recorded, the recorded setting stays.
        var sameVersion = ACME.replace("provider: builtin", "provider: openai\n  model: gpt-4.1\n  temperature: 0.2");
        Files.writeString(dir.resolve("m0.yaml"), sameVersion);
        var manifests = new ManifestReader().read(dir).manifests();
        assertThat(ConfigFacts.changes(recorded, manifests, T0.plusSeconds(60), true)).isEmpty();
        assertThat(ConfigFacts.refusals(recorded, manifests)).containsExactly("AgentProfile acme-rca: provider, model,"
                + " temperature changed without a new spec.version (still 1.2.0); outputs are keyed by version, so the change"
                + " is refused and the agent keeps its recorded setting until spec.version changes");

        // With a new version the whole setting is recorded.
        Files.writeString(dir.resolve("m0.yaml"), sameVersion.replace("1.2.0", "1.3.0"));
        manifests = new ManifestReader().read(dir).manifests();
        assertThat(ConfigFacts.refusals(recorded, manifests)).isEmpty();
        var bumped = ConfigFacts.changes(recorded, manifests, T0.plusSeconds(120), true);
        assertThat(bumped).singleElement().extracting(Event::payload).isEqualTo(new Payload.AgentVersionActivated("acme-rca", "rca",
                "1.3.0", 2, new Payload.AgentSetting("openai", "gpt-4.1", 0.2, null, null)));
    }

    @Test
    void aVersionRecordedBeforeSettingsWereIsCompletedNotRefused() throws IOException {
        var recorded = new HashMap<String, ConfigHistory>();
        var legacy = Event.create(T0, "acme", ConfigFacts.CONFIG_INCIDENT, 1, new Payload.AgentVersionActivated("acme-rca", "rca",
                "1.2.0", 1, null), ConfigFacts.LOADER, "acme/config/AgentProfile/acme-rca/generation-1", null);
        record(recorded, List.of(legacy));
        var manifests = read(ACME.replace("provider: builtin", "provider: anthropic")).manifests().stream()
                .filter(manifest -> manifest.kind().equals("AgentProfile")).toList();
        assertThat(ConfigFacts.refusals(recorded, manifests)).isEmpty();
        assertThat(ConfigFacts.changes(recorded, manifests, T0.plusSeconds(60), true)).singleElement().extracting(Event::payload)
                .isEqualTo(new Payload.AgentVersionActivated("acme-rca", "rca", "1.2.0", 2,
                        new Payload.AgentSetting("anthropic", null, null, null, null)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an unknown tenant ref        | AgentProfile | {tenant: acmee, agent: fix, version: 1.0.0}                         | AgentProfile x: spec.tenant: no Tenant named 'acmee' among the manifests (Tenants: acme)
            a bad threshold              | Tenant       | {confidenceThreshold: 1.5}                                          | Tenant x: spec.confidenceThreshold: must have a maximum value of 1.0
            a threshold that is text     | Tenant       | {detection: {spikeMinCount: many}}                                  | Tenant x: spec.detection.spikeMinCount: string found, integer expected
            an unknown provider          | AgentProfile | {tenant: acme, agent: fix, version: 1.0.0, provider: gemini}        | AgentProfile x: spec.provider: does not have a value in the enumeration ["anthropic", "builtin", "openai"]
            a missing required field     | Integration  | {type: github, repository: acme/shop}                               | Integration x: spec: required property 'tenant' not found
            an unknown field             | Tenant       | {detection: {spikeFactr: 4}}                                        | Tenant x: spec.detection.spikeFactr: unknown field (known here: baselineBuckets, errorRateFactor, errorRateMinErrors, errorRateMinRequests, errorRateThreshold, gapBuckets, noveltyHorizonBuckets, noveltyMinOccurrences, spikeFactor, spikeMinCount)
            github without a repository  | Integration  | {tenant: acme, type: github}                                        | Integration x: spec.repository: required for a github integration
            a token and an App           | Integration  | {tenant: acme, type: github, repository: acme/shop, credentials: {name: gh, key: token}, githubApp: {appId: 1, installationId: 2, privateKey: {name: gh, key: app.pem}}} | Integration x: spec.githubApp: a github integration acts with a token (credentials) or as an App, not both
            an App for Sentry            | Integration  | {tenant: acme, type: sentry, organization: acme, githubApp: {appId: 1, installationId: 2, privateKey: {name: gh, key: app.pem}}} | Integration x: spec.githubApp: only for a github integration
            an App without its key       | Integration  | {tenant: acme, type: github, repository: acme/shop, githubApp: {appId: 1, installationId: 2}} | Integration x: spec.githubApp: required property 'privateKey' not found
            a feature of another type    | Integration  | {tenant: acme, type: sentry, organization: acme, projects: [{project: shop}], features: [pullRequests]} | Integration x: spec.features: pullRequests is not a feature of a sentry integration
            sentry without projects      | Integration  | {tenant: acme, type: sentry, organization: acme}                    | Integration x: spec.projects: a sentry integration lists the projects whose events it takes
            projects for github          | Integration  | {tenant: acme, type: github, repository: acme/shop, projects: [{project: shop}]} | Integration x: spec.projects: only for a sentry integration
            a project with a bad slug    | Integration  | {tenant: acme, type: sentry, organization: acme, projects: [{project: 'a b'}]} | Integration x: spec.projects.0.project: does not match the regex pattern ^[A-Za-z0-9_.-]{1,100}$
            a base URL for builtin       | AgentProfile | {tenant: acme, agent: fix, version: 1.0.0, baseUrl: 'http://llm:8000/v1'} | AgentProfile x: spec.baseUrl: only for a model provider (openai: an OpenAI-compatible server; anthropic: a gateway)
            a second profile of an agent | AgentProfile | {tenant: acme, agent: rca, version: 2.0.0}                          | AgentProfile x: spec.agent: tenant acme already has its rca agent in AgentProfile acme-rca
            a temperature above 2        | AgentProfile | {tenant: acme, agent: fix, version: 1.0.0, temperature: 3}          | AgentProfile x: spec.temperature: must have a maximum value of 2.0
            """)
    void aBadManifestIsReportedWithItsFileResourceAndField(String what, String kind, String spec, String expected)
            throws IOException {
        var result = read(ACME, "apiVersion: debugd.dev/v1alpha1\nkind: " + kind + "\nmetadata: {name: x}\nspec: " + spec);
        assertThat(result.problems()).as(what).containsExactly("m1.yaml (document 1): " + expected);
        assertThat(result.manifests()).as("the good manifests still count").extracting(Manifest::resource)
                .containsExactly("Tenant/acme", "AgentProfile/acme-rca", "Integration/acme-github");
    }

    @Test
    void aResourceOfATenantWhoseManifestCannotBeReadIsNotRefusedForIt() throws IOException {
        var result = read(ACME.replace("confidenceThreshold: 0.75", "confidenceThreshold: high"));
        assertThat(result.problems()).singleElement().asString().contains("Tenant acme");
        assertThat(result.manifests()).extracting(Manifest::resource).containsExactly("AgentProfile/acme-rca",
                "Integration/acme-github");
    }

    /** The uid the local mode gives a manifest without one: a name-based UUID of its file and resource. */
    private static String uid(String file, String resource) {
        return UUID.nameUUIDFromBytes((file + "\n" + resource).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Test
    void aResourceCreatedAgainIsANewFactThoughItsGenerationStartsAtOneAgain() {
        var json = JsonMapper.builder().build();
        var before = Manifest.of(json.readTree("{\"apiVersion\": \"debugd.dev/v1alpha1\", \"kind\": \"Tenant\", \"metadata\":"
                + " {\"name\": \"acme\", \"uid\": \"6a1e3f0c-1b2d-4c1e-9f0a-5d6e7f8a9b0c\"}, \"spec\": {}}"), "cluster");
        var after = Manifest.of(json.readTree("{\"apiVersion\": \"debugd.dev/v1alpha1\", \"kind\": \"Tenant\", \"metadata\":"
                + " {\"name\": \"acme\", \"uid\": \"0d4b2c7e-9a8f-4e3d-8c2b-1a0f9e8d7c6b\"}, \"spec\": {}}"), "cluster");
        var first = ConfigFacts.fact(before, 1, T0);
        var again = ConfigFacts.fact(after, 1, T0.plusSeconds(600));
        assertThat(first.idempotencyKey()).isEqualTo("acme/config/Tenant/acme/uid-6a1e3f0c-1b2d-4c1e-9f0a-5d6e7f8a9b0c/generation-1");
        assertThat(again.idempotencyKey()).isEqualTo("acme/config/Tenant/acme/uid-0d4b2c7e-9a8f-4e3d-8c2b-1a0f9e8d7c6b/generation-1");
        assertThat(again.eventId()).isNotEqualTo(first.eventId());
        assertThatThrownBy(() -> Manifest.of(json.readTree("{\"apiVersion\": \"debugd.dev/v1alpha1\", \"kind\": \"Tenant\","
                + " \"metadata\": {\"name\": \"acme\", \"uid\": 7}, \"spec\": {}}"), "cluster"))
                .hasMessage("Tenant acme: metadata.uid must be a UUID");
    }

    private static void record(Map<String, ConfigHistory> recorded, List<Event> facts) {
        var offset = new ArrayList<Long>(List.of(0L));
        facts.forEach(fact -> recorded.computeIfAbsent(fact.tenantId(), ConfigHistory::new)
                .add(new TimelineRecord(fact, "debugging.internal", 0, 1000 + recorded.size() * 100L + offset.set(0, offset.get(0) + 1))));
    }
}
