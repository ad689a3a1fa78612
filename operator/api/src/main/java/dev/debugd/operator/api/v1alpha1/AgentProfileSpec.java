package dev.debugd.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonValue;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** An AgentProfile's settings: which agent, at which version, on which model. */
public record AgentProfileSpec(
        @Required @Pattern(TENANT_NAME)
        @JsonPropertyDescription("The Tenant (its metadata.name) this agent works for.")
        String tenant,
        @Required
        @JsonPropertyDescription("Which agent: rca (root causes), fix, instrumentation or evaluation.")
        Agent agent,
        @Required @Pattern("^[A-Za-z0-9._+-]{1,64}$")
        @JsonPropertyDescription("The agent's version. Outputs are keyed by it, so a change of any model setting needs a"
                + " new version; bumping it rolls the agent out.")
        String version,
        @Default("builtin")
        @JsonPropertyDescription("builtin (the deterministic reasoner, offline), openai (any OpenAI-compatible server) or"
                + " anthropic. The evaluation agent runs builtin only (planned).")
        Provider provider,
        @Pattern("^[A-Za-z0-9._:/-]{1,128}$")
        @JsonPropertyDescription("The provider's model name (openai, anthropic).")
        String model,
        @Min(0) @Max(2)
        @JsonPropertyDescription("The model's sampling temperature (default: the provider's).")
        Double temperature,
        @Pattern("^[A-Za-z0-9._-]{1,64}$")
        @JsonPropertyDescription("The version of the prompt files the agent uses (prompts/AGENT/VERSION in the workers;"
                + " default v1).")
        String promptVersion,
        @Pattern("^https?://\\S+$")
        @JsonPropertyDescription("The provider's API base URL: an OpenAI-compatible server (vLLM, llama.cpp server, Ollama)"
                + " for openai, a gateway for anthropic; default: the provider's own.")
        String baseUrl,
        @JsonPropertyDescription("The Secret key holding the provider's API key (the local mode reads the environment"
                + " variable DEBUGD_SECRET_<NAME>_<KEY>); none for a server that wants no key.")
        SecretKeyRef credentials,
        @JsonPropertyDescription("What the model's tokens cost (optional): each run on a model records its cost from it.")
        ModelPrices prices,
        @Min(0) @Max(100) @Default("1")
        @JsonPropertyDescription("Replicas of the agent's Deployment.")
        Integer replicas,
        @Min(1) @Max(64) @Default("1")
        @JsonPropertyDescription("Tasks one replica works at once. Planned.")
        Integer concurrency) {

    /** A tenant's name: a DNS label. */
    static final String TENANT_NAME = "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$";

    /** The agents a tenant has. */
    public enum Agent {
        RCA("rca"), FIX("fix"), INSTRUMENTATION("instrumentation"), EVALUATION("evaluation");

        private final String value;

        Agent(String value) {
            this.value = value;
        }

        /** The name manifests and facts use. */
        @JsonValue
        public String value() {
            return value;
        }
    }

    /** Where the agent's reasoning comes from. */
    public enum Provider {
        BUILTIN("builtin"), OPENAI("openai"), ANTHROPIC("anthropic");

        private final String value;

        Provider(String value) {
            this.value = value;
        }

        /** The name manifests and facts use. */
        @JsonValue
        public String value() {
            return value;
        }
    }
}
