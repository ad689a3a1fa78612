package dev.debugd.dispatch.rules;

import java.util.Map;
import java.util.Optional;

/**
 * What a tenant's recorded configuration says at one moment: the routing threshold for root causes, the
 * repository of its code-host integration (none: fixes stay drafts), and the active version of each agent.
 */
public record TenantConfig(String tenantId, double confidenceThreshold, Optional<String> githubRepository,
        Map<String, String> agentVersions) {

    public static final double DEFAULT_CONFIDENCE_THRESHOLD = 0.7;

    public TenantConfig {
        if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
            throw new IllegalArgumentException("confidenceThreshold must be between 0 and 1, got " + confidenceThreshold);
        }
        agentVersions = Map.copyOf(agentVersions);
    }

    /** The version that produces this work's output, or empty when the tenant has no profile for its agent. */
    public Optional<String> versionOf(TaskType type) {
        return type.profileAgent().map(agent -> Optional.ofNullable(agentVersions.get(agent)))
                .orElse(Optional.of(TaskType.COMPONENT_VERSION));
    }
}
