package dev.debugd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.debugd.worker.AgentWork;
import dev.debugd.worker.GitHubWork;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountedResourceTest {

    @TempDir
    Path directory;

    private Path write(String json) throws Exception {
        var file = directory.resolve("resource.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void anAgentProfileIsWorkedByItsAgentWithItsRecordedSetting() throws Exception {
        var mounted = MountedResource.read(write("""
                {"apiVersion":"debugd.dev/v1alpha1","kind":"AgentProfile",
                 "metadata":{"name":"acme-rca","uid":"0b7f1c3e-6a39-4c5e-9a8e-0b6f2d7c9e11"},
                 "spec":{"tenant":"acme","agent":"rca","version":"2.0.0","provider":"openai","model":"gpt-4o-mini"}}
                """));
        assertThat(mounted.taskType()).isEqualTo("rca");
        assertThat(mounted.history().agentSetting("rca", "2.0.0")).hasValueSatisfying(setting -> {
            assertThat(setting.provider()).isEqualTo("openai");
            assertThat(setting.model()).isEqualTo("gpt-4o-mini");
        });
        assertThat(mounted.work(Map.of(), OpenTelemetry.noop().getTracer("t"))).isInstanceOf(AgentWork.class);
    }

    @Test
    void aGithubIntegrationIsWorkedByTheGithubWork() throws Exception {
        var mounted = MountedResource.read(write("""
                {"apiVersion":"debugd.dev/v1alpha1","kind":"Integration","metadata":{"name":"acme-github"},
                 "spec":{"tenant":"acme","type":"github","repository":"acme/shop"}}
                """));
        assertThat(mounted.taskType()).isEqualTo("github");
        assertThat(mounted.work(Map.of(), OpenTelemetry.noop().getTracer("t"))).isInstanceOf(GitHubWork.class);
    }

    @Test
    void whatNoWorkerRunsIsRefusedNamingTheFile() throws Exception {
        var tenant = write("""
                {"apiVersion":"debugd.dev/v1alpha1","kind":"Tenant","metadata":{"name":"acme"},"spec":{}}
                """);
        assertThatThrownBy(() -> MountedResource.read(tenant)).hasMessage("--resource " + tenant
                + ": a worker runs an AgentProfile or an Integration, not a Tenant");
        var sentry = write("""
                {"apiVersion":"debugd.dev/v1alpha1","kind":"Integration","metadata":{"name":"s"},
                 "spec":{"tenant":"acme","type":"sentry","organization":"acme","projects":[{"project":"shop"}]}}
                """);
        assertThatThrownBy(() -> MountedResource.read(sentry)).hasMessageContaining("only a github Integration has a worker");
        var broken = write("{\"kind\": ");
        assertThatThrownBy(() -> MountedResource.read(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--resource " + broken + ": ");
    }
}
