package dev.debugd.cli;

import dev.debugd.config.ConfigHistory;
import dev.debugd.config.LocalSecrets;
import dev.debugd.integrations.github.GitHubCodeHost;
import dev.debugd.integrations.github.GitHubPullRequests;
import dev.debugd.manifests.ConfigFacts;
import dev.debugd.manifests.Manifest;
import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.worker.AgentWork;
import dev.debugd.worker.GitHubWork;
import dev.debugd.worker.TaskHandler;
import io.opentelemetry.api.trace.Tracer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * The AgentProfile or Integration a worker Deployment runs, as the operator mounts it (its ConfigMap): the agent of
 * the profile (builtin or on its model, with the key its Secret names in the environment) or the integration's work.
 * The worker needs no Kafka read for its configuration: the resource stands in for its recorded fact.
 */
record MountedResource(Manifest manifest, ConfigHistory history) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration MODEL_TIMEOUT = Duration.ofSeconds(120);

    static MountedResource read(Path file) throws IOException {
        Manifest manifest;
        try {
            manifest = Manifest.of(JSON.readTree(Files.readString(file)), file.toString());
        } catch (IllegalArgumentException | tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("--resource " + file + ": " + e.getMessage());
        }
        if (manifest.kind().equals("Tenant")) {
            throw new IllegalArgumentException("--resource " + file + ": a worker runs an AgentProfile or an Integration, not a Tenant");
        }
        if (manifest.kind().equals("Integration") && manifest.integrationSpec().type() != IntegrationSpec.Type.GITHUB) {
            throw new IllegalArgumentException("--resource " + file + ": only a github Integration has a worker (sentry's is planned)");
        }
        var history = new ConfigHistory(manifest.tenant());
        history.add(new TimelineRecord(ConfigFacts.fact(manifest, 1, Instant.EPOCH), file.toString(), 0, 0));
        return new MountedResource(manifest, history);
    }

    /** The task type this resource's worker works: its agent, or its integration's type. */
    String taskType() {
        return manifest.kind().equals("AgentProfile") ? manifest.agentProfileSpec().agent().value()
                : manifest.integrationSpec().type().value();
    }

    /** Its work, for tasks of its tenant. */
    TaskHandler work(Map<String, String> environment, Tracer tracer) {
        Function<String, ConfigHistory> configuration = tenant -> tenant.equals(manifest.tenant()) ? history : new ConfigHistory(tenant);
        Function<SecretKeyRef, Optional<String>> secrets = ref -> Optional.ofNullable(environment.get(LocalSecrets.variable(ref)));
        if (manifest.kind().equals("AgentProfile")) {
            return new AgentWork(configuration, secrets, MODEL_TIMEOUT, pause -> Thread.sleep(pause.toMillis()), tracer);
        }
        return new GitHubWork(configuration, secrets, GitHubCodeHost::connect, GitHubPullRequests::connect, incident -> Optional.empty());
    }
}
