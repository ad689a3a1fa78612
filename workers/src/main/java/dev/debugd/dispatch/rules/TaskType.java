package dev.debugd.dispatch.rules;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of work the dispatcher sends, each to a queue per tenant ({@code <tenant>-<name>-tasks}). Agents are
 * versioned by the tenant's AgentProfiles (recorded as AgentVersionActivated); the platform's own workers by the
 * component version below, which changes only when their output would.
 */
public enum TaskType {
    CONTEXT_BUILDER("context-builder", null),
    RCA("rca", "rca"),
    INSTRUMENTATION("instrumentation", "instrumentation"),
    FIX("fix", "fix"),
    GITHUB("github", null),
    EVALUATION("evaluation", "evaluation");

    /** The version of the platform's own workers (context builder, code-host integration) in task keys. */
    public static final String COMPONENT_VERSION = "1";

    private final String wireName;
    private final String profileAgent;

    TaskType(String wireName, String profileAgent) {
        this.wireName = wireName;
        this.profileAgent = profileAgent;
    }

    public String wireName() {
        return wireName;
    }

    /** The agent an AgentProfile names for this work, or empty for the platform's own workers. */
    public Optional<String> profileAgent() {
        return Optional.ofNullable(profileAgent);
    }

    /** The tenant's queue for this work, before any installation-wide prefix. */
    public String queue(String tenantId) {
        return tenantId + "-" + wireName + "-tasks";
    }

    public static Optional<TaskType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
