package dev.debugd.dispatch.rules;

import dev.debugd.config.ConfigHistory;
import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import dev.debugd.timeline.Payload;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a tenant's recorded configuration says at one moment: the routing threshold for root causes, its code-host
 * integration (none: fixes stay drafts), and the active version of each agent.
 */
public record TenantConfig(String tenantId, double confidenceThreshold, Optional<GitHub> github,
        Map<String, String> agentVersions) {

    /**
     * A GitHub Integration: its repository, whether it opens fix pull requests (not when it only proposes) and
     * instrumentation pull requests (only when asked for).
     */
    public record GitHub(String repository, boolean pullRequests, boolean instrumentationPullRequests) {}

    public static final double DEFAULT_CONFIDENCE_THRESHOLD = 0.7;

    public TenantConfig {
        if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
            throw new IllegalArgumentException("confidenceThreshold must be between 0 and 1, got " + confidenceThreshold);
        }
        agentVersions = Map.copyOf(agentVersions);
    }

    /**
     * The configuration in force at this moment; empty when no Tenant fact is that old, or it was deleted. A fact that
     * cannot be read counts as absent (the loader validates before recording, so only a foreign writer produces one).
     */
    public static Optional<TenantConfig> asOf(ConfigHistory history, Instant moment) {
        var spec = history.tenantAsOf(moment);
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        var recordedThreshold = spec.get().confidenceThreshold();
        double threshold = recordedThreshold == null ? DEFAULT_CONFIDENCE_THRESHOLD : recordedThreshold;
        var latest = history.asOf(moment);
        var github = ConfigHistory.github(latest).map(integration -> new GitHub(integration.repository(),
                integration.allows(IntegrationSpec.Feature.PULL_REQUESTS),
                integration.allows(IntegrationSpec.Feature.INSTRUMENTATION_PULL_REQUESTS)));
        var versions = new HashMap<String, String>();
        latest.entrySet().stream().filter(e -> e.getValue().payload() instanceof Payload.AgentVersionActivated)
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    var activated = (Payload.AgentVersionActivated) e.getValue().payload();
                    versions.putIfAbsent(activated.agent(), activated.version());
                });
        try {
            return Optional.of(new TenantConfig(history.tenantId(), threshold, github, versions));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The version that produces this work's output, or empty when the tenant has no profile for its agent. */
    public Optional<String> versionOf(TaskType type) {
        return type.profileAgent().map(agent -> Optional.ofNullable(agentVersions.get(agent)))
                .orElse(Optional.of(TaskType.COMPONENT_VERSION));
    }
}
