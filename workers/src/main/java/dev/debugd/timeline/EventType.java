package dev.debugd.timeline;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event type of the three topics, with its topic and payload type. The wire name is the payload's name. */
public enum EventType {
    INCIDENT_DETECTED(Topic.TIMELINE, Payload.IncidentDetected.class),
    CONTEXT_BUILT(Topic.TIMELINE, Payload.ContextBuilt.class),
    ROOT_CAUSE_PROPOSED(Topic.TIMELINE, Payload.RootCauseProposed.class),
    FIX_PROPOSED(Topic.TIMELINE, Payload.FixProposed.class),
    FIX_APPLIED(Topic.TIMELINE, Payload.FixApplied.class),
    INCIDENT_RESOLVED(Topic.TIMELINE, Payload.IncidentResolved.class),
    INCIDENT_SUPPRESSED(Topic.TIMELINE, Payload.IncidentSuppressed.class),
    FIX_DRAFTED(Topic.TIMELINE, Payload.FixDrafted.class),
    INSTRUMENTATION_PROPOSED(Topic.TIMELINE, Payload.InstrumentationProposed.class),
    INSTRUMENTATION_PULL_REQUEST_OPENED(Topic.TIMELINE, Payload.InstrumentationPullRequestOpened.class),
    PULL_REQUEST_CLOSED(Topic.TIMELINE, Payload.PullRequestClosed.class),
    FIX_DEPLOYED(Topic.TIMELINE, Payload.FixDeployed.class),
    INVESTIGATION_REOPENED(Topic.TIMELINE, Payload.InvestigationReopened.class),
    DEPLOYMENT_SUCCEEDED(Topic.EVALUATION, Payload.DeploymentSucceeded.class),
    EVALUATION_DUE(Topic.EVALUATION, Payload.EvaluationDue.class),
    EVALUATION_COMPLETED(Topic.EVALUATION, Payload.EvaluationCompleted.class),
    TASK_REQUESTED(Topic.INTERNAL, Payload.TaskRequested.class),
    TASK_RETRY_REQUESTED(Topic.INTERNAL, Payload.TaskRetryRequested.class),
    TASK_ABANDONED(Topic.INTERNAL, Payload.TaskAbandoned.class),
    AGENT_RUN_FAILED(Topic.INTERNAL, Payload.AgentRunFailed.class),
    EVENT_REJECTED(Topic.INTERNAL, Payload.EventRejected.class),
    DISPATCH_FAILED(Topic.INTERNAL, Payload.DispatchFailed.class),
    AGENT_VERSION_ACTIVATED(Topic.INTERNAL, Payload.AgentVersionActivated.class),
    TENANT_CONFIG_CHANGED(Topic.INTERNAL, Payload.TenantConfigChanged.class);

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));
    private static final Map<Class<? extends Payload>, EventType> BY_PAYLOAD_TYPE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::payloadType, Function.identity()));

    private final Topic topic;
    private final Class<? extends Payload> payloadType;
    private final String wireName;

    EventType(Topic topic, Class<? extends Payload> payloadType) {
        this.topic = topic;
        this.payloadType = payloadType;
        this.wireName = payloadType.getSimpleName();
    }

    public Topic topic() {
        return topic;
    }

    public Class<? extends Payload> payloadType() {
        return payloadType;
    }

    /** The name on the wire, e.g. "RootCauseProposed". */
    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    public static EventType of(Payload payload) {
        var type = BY_PAYLOAD_TYPE.get(payload.getClass());
        if (type == null) {
            throw new IllegalArgumentException(payload.getClass().getSimpleName() + " has no event type");
        }
        return type;
    }
}
