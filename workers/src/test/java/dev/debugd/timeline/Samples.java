package dev.debugd.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** One realistic payload of every event type, for tests. */
final class Samples {

    static final Instant T0 = Instant.parse("2026-01-28T12:34:56Z");
    static final Event.Agent DETECTOR = new Event.Agent("incident-detector", "1.0.0");

    private Samples() {}

    static Payload payload(EventType type) {
        var json = JsonMapper.builder().build();
        var someId = UUID.nameUUIDFromBytes(type.name().getBytes());
        return switch (type) {
            case INCIDENT_DETECTED -> new Payload.IncidentDetected("checkout", "NullPointerException@Cart.total", 1,
                    "novelty", T0, Map.of("occurrences", 42.0), "detector", "New NPE after deploy abc123");
            case CONTEXT_BUILT -> new Payload.ContextBuilt(new RawJson("{\"logs\":[\"a\",\"b\"],\"deploy\":\"abc123\"}"),
                    List.of("trace_id"));
            case ROOT_CAUSE_PROPOSED -> new Payload.RootCauseProposed("Missing JWT_SECRET", RootCauseCategory.MISSING_CONFIG,
                    0.87, List.of("log line 12"), "4bf92f3577b34da6a3ce929d0e0e4736");
            case FIX_PROPOSED -> new Payload.FixProposed("acme/shop", 2, "https://github.example/acme/shop/pull/2", someId);
            case FIX_APPLIED -> new Payload.FixApplied("acme/shop", 2, "ec26c3e57ca3a959ca5aad62de7213c562f8c821", "octocat");
            case INCIDENT_RESOLVED -> new Payload.IncidentResolved("evaluation_passed", someId);
            case INCIDENT_SUPPRESSED -> new Payload.IncidentSuppressed("benign deploy transient", "deploy-window", "suppression_rule");
            case FIX_DRAFTED -> new Payload.FixDrafted("Read JWT_SECRET from the environment", "--- a/x\n+++ b/x\n", someId);
            case INSTRUMENTATION_PROPOSED -> new Payload.InstrumentationProposed("Log request ids", List.of("request_id"), null);
            case INSTRUMENTATION_PULL_REQUEST_OPENED -> new Payload.InstrumentationPullRequestOpened("acme/shop", 3,
                    "https://github.example/acme/shop/pull/3", someId);
            case PULL_REQUEST_CLOSED -> new Payload.PullRequestClosed("acme/shop", 4, "debugd/fix/t1/inc-1/cycle-1-v1", "fix", false,
                    null, "octocat");
            case FIX_DEPLOYED -> new Payload.FixDeployed("def456", "ec26c3e57ca3a959ca5aad62de7213c562f8c821");
            case INVESTIGATION_REOPENED -> new Payload.InvestigationReopened("evaluation failed", someId);
            case DEPLOYMENT_SUCCEEDED -> new Payload.DeploymentSucceeded("acme/shop", "production",
                    "ec26c3e57ca3a959ca5aad62de7213c562f8c821", 145988746L, "octocat");
            case EVALUATION_DUE -> new Payload.EvaluationDue(someId, T0, T0.plusSeconds(3600));
            case EVALUATION_COMPLETED -> new Payload.EvaluationCompleted(true, Map.of("signature_count_before", 40.0,
                    "signature_count_after", 0.0), "the error stopped after the deploy", someId);
            case TASK_REQUESTED -> new Payload.TaskRequested("t1/inc-1/ContextBuilt/IncidentDetected/1.0.0/cycle-1",
                    "context-builder", "t1-context-builder-tasks", new Payload.RecordPosition("debugging.timeline", 3, 17),
                    someId, "incident-detected", Map.of());
            case TASK_RETRY_REQUESTED -> new Payload.TaskRetryRequested("t1/inc-1/RootCauseProposed/ContextBuilt/0.3.1/cycle-1",
                    "alice", 2);
            case TASK_ABANDONED -> new Payload.TaskAbandoned("t1/inc-1/RootCauseProposed/ContextBuilt/0.3.1/cycle-1",
                    "rca", 5, "dead-lettered after 5 receives");
            case AGENT_RUN_FAILED -> new Payload.AgentRunFailed("t1/inc-1/RootCauseProposed/ContextBuilt/0.3.1/cycle-1",
                    "model answered invalid JSON", true);
            case EVENT_REJECTED -> new Payload.EventRejected("debugging.timeline", 4, 99, "tenant_id is missing", 12,
                    "0".repeat(64), "{\"garbage\":1}");
            case DISPATCH_FAILED -> new Payload.DispatchFailed(someId, "tenant t9 is unknown",
                    new Payload.RecordPosition("debugging.timeline", 2, 40));
            case AGENT_VERSION_ACTIVATED -> new Payload.AgentVersionActivated("rca", "rca-agent", "0.3.1", 4,
                    new Payload.AgentSetting("openai", "gpt-4.1", 0.2, "rca-2", "http://vllm:8000/v1"));
            case TENANT_CONFIG_CHANGED -> new Payload.TenantConfigChanged(7, json.readTree("{\"confidence_threshold\":0.7}"));
        };
    }

    static Event event(EventType type) {
        return Event.create(T0, "t1", "inc-1", 1, payload(type), DETECTOR, "t1/sample/" + type.wireName(), null);
    }
}
