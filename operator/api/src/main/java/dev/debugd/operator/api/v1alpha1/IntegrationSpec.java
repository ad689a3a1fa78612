package dev.debugd.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonValue;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** An Integration's settings. */
public record IntegrationSpec(
        @Required @Pattern(AgentProfileSpec.TENANT_NAME)
        @JsonPropertyDescription("The Tenant (its metadata.name) this integration serves.")
        String tenant,
        @Required
        @JsonPropertyDescription("What it integrates: github (fix pull requests, code for the context, merges and deploys)"
                + " or sentry (errors as evidence).")
        Type type,
        @Pattern("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
        @JsonPropertyDescription("The repository, owner/name (github).")
        String repository,
        @Pattern("^[a-z0-9][a-z0-9_-]{0,99}$")
        @JsonPropertyDescription("The organization's slug (sentry).")
        String organization,
        @Pattern("^https?://\\S+$")
        @JsonPropertyDescription("The provider's API base URL, for a GitHub Enterprise server or a self-hosted Sentry;"
                + " default: the public service.")
        String apiUrl,
        @JsonPropertyDescription("The Secret key holding the API token (github: read code, push branches, open pull"
                + " requests; sentry: read an issue's latest event). A github integration names this or githubApp, not both;"
                + " with neither it reads anonymously.")
        SecretKeyRef credentials,
        @JsonPropertyDescription("A GitHub App installation to act as, instead of a token (github).")
        GitHubApp githubApp,
        @JsonPropertyDescription("The Secret key holding the webhooks' signing secret (github: X-Hub-Signature-256 of"
                + " deliveries to /v1/webhooks/github/<this Integration's name>; sentry: the integration's client secret, which"
                + " signs Sentry-Hook-Signature of deliveries to /v1/webhooks/sentry/<this Integration's name>).")
        SecretKeyRef webhookSecret,
        @Size(max = 100)
        @JsonPropertyDescription("The Sentry projects whose events it takes as evidence, each with its service (sentry);"
                + " an event of a project not listed here is refused.")
        List<SentryProject> projects,
        @Pattern("^[A-Za-z0-9_.-]{1,100}$")
        @JsonPropertyDescription("The deployment environment whose successful deployments count as deploys of a fix"
                + " (github; default production).")
        String productionEnvironment,
        @Size(max = 10)
        @JsonPropertyDescription("What it may do (default: all of its type's features but instrumentationPullRequests,"
                + " which is asked for by name). A github integration without pullRequests only proposes: fix diffs stay on"
                + " the incident.")
        List<Feature> features) {

    /** Whether it may do this: listed, or by default when nothing is listed (instrumentation pull requests only listed). */
    public boolean allows(Feature feature) {
        return features == null || features.isEmpty() ? feature != Feature.INSTRUMENTATION_PULL_REQUESTS : features.contains(feature);
    }

    /** The kind of system integrated. */
    public enum Type {
        GITHUB("github"), SENTRY("sentry");

        private final String value;

        Type(String value) {
            this.value = value;
        }

        /** The name manifests and facts use. */
        @JsonValue
        public String value() {
            return value;
        }
    }

    /** One thing an integration may do. */
    public enum Feature {
        PULL_REQUESTS("pullRequests"), INSTRUMENTATION_PULL_REQUESTS("instrumentationPullRequests"), CODE_CONTEXT("codeContext"),
        WEBHOOKS("webhooks"), EVIDENCE("evidence");

        private final String value;

        Feature(String value) {
            this.value = value;
        }

        /** The name manifests and facts use. */
        @JsonValue
        public String value() {
            return value;
        }
    }
}
