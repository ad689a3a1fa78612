package dev.debugd.dispatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.dispatch.rules.AdmissionRules.Verdict;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import dev.debugd.timeline.Rejections;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the dispatcher's admission lets from a tenant's outputs topic into the shared topics. */
class AdmissionRulesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Event.Agent RCA = new Event.Agent("rca-worker", "1.0.0");
    private static final String KEY = "acme/inc-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1";
    private static final AdmissionRules.RequestedTask TASK = new AdmissionRules.RequestedTask("acme", "inc-1", 1,
            "RootCauseProposed");
    private static final UUID TASK_EVENT = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private static Event rootCause(String tenant, String incident, int cycle, String key) {
        return Event.create(T0, tenant, incident, cycle, new Payload.RootCauseProposed("pool exhausted",
                RootCauseCategory.POOL_EXHAUSTION, 0.8, List.of(), null), RCA, key, TASK_EVENT);
    }

    private static Verdict judge(String topicTenant, Event event, AdmissionRules.RequestedTask task, UUID doneBy) {
        return AdmissionRules.judge(topicTenant, event, Optional.ofNullable(task), Optional.ofNullable(doneBy));
    }

    @Test
    void theOutputARequestedTaskAsksForIsAdmitted() {
        assertThat(judge("acme", rootCause("acme", "inc-1", 1, KEY), TASK, null)).isEqualTo(new Verdict.Admit());
    }

    @Test
    void anOutputClaimingAnotherTenantIsRejectedWhateverItsKey() {
        var forged = rootCause("acme", "inc-1", 1, KEY);
        assertThat(judge("globex", forged, TASK, null)).isEqualTo(new Verdict.Reject(
                "the event names tenant acme, and it was written to tenant globex's outputs topic"));
    }

    @Test
    void anOutputWithoutATaskIsRejected() {
        var key = "acme/inc-1/FixDrafted/RootCauseProposed/1.0.0/cycle-1";
        var drafted = Event.create(T0, "acme", "inc-1", 1, new Payload.FixDrafted("x", "--- a\n+++ b\n", null), RCA, key, null);
        assertThat(judge("acme", drafted, null, null)).isEqualTo(new Verdict.Reject(
                "no TaskRequested with key '" + key + "' for tenant acme"));
    }

    @Test
    void anOutputOfAnotherTypeIncidentOrCycleThanItsTaskIsRejected() {
        var drafted = Event.create(T0, "acme", "inc-1", 1, new Payload.FixDrafted("x", "--- a\n+++ b\n", null), RCA, KEY, null);
        assertThat(judge("acme", drafted, TASK, null)).isEqualTo(new Verdict.Reject(
                "task '" + KEY + "' asks for RootCauseProposed, not FixDrafted"));
        assertThat(judge("acme", rootCause("acme", "inc-2", 1, KEY), TASK, null)).isEqualTo(new Verdict.Reject(
                "task '" + KEY + "' is for incident inc-1 cycle 1, not inc-2 cycle 1"));
        assertThat(judge("acme", rootCause("acme", "inc-1", 2, KEY), TASK, null)).isEqualTo(new Verdict.Reject(
                "task '" + KEY + "' is for incident inc-1 cycle 1, not inc-1 cycle 2"));
    }

    @Test
    void aSecondRunsOutputIsNotCopiedAgainAndAnotherEventForADoneTaskIsRejected() {
        var output = rootCause("acme", "inc-1", 1, KEY);
        assertThat(judge("acme", output, TASK, output.eventId())).isEqualTo(new Verdict.AlreadyAdmitted());
        var other = UUID.fromString("00000000-0000-0000-0000-0000000000ff");
        assertThat(judge("acme", output, TASK, other)).isEqualTo(new Verdict.Reject(
                "task '" + KEY + "' already has its output (event " + other + ")"));
    }

    @Test
    void aFailedRunOfARequestedTaskIsAdmittedUnderItsOwnKey() {
        var failed = Event.create(T0, "acme", "inc-1", 1, new Payload.AgentRunFailed(KEY, "timeout", true), RCA,
                KEY + "/run-failed/2", null);
        assertThat(AdmissionRules.claimedTaskKey(failed)).isEqualTo(KEY);
        assertThat(judge("acme", failed, TASK, null)).isEqualTo(new Verdict.Admit());
        var elsewhere = Event.create(T0, "acme", "inc-1", 1, new Payload.AgentRunFailed(KEY, "timeout", true), RCA,
                "acme/inc-1/whatever", null);
        assertThat(judge("acme", elsewhere, TASK, null)).isEqualTo(new Verdict.Reject(
                "a failed run's key must be its task's key and /run-failed/<n>, not 'acme/inc-1/whatever'"));
    }

    @Test
    void aWorkloadMayReportMessagesOfItsOwnQueuesOnly() {
        var own = Rejections.ofMessage("acme-rca-tasks", "m-1", "acme", "not json", "not a task message", T0, RCA);
        assertThat(judge("acme", own, null, null)).isEqualTo(new Verdict.Admit());
        var others = Rejections.ofMessage("globex-rca-tasks", "m-1", "acme", "not json", "not a task message", T0, RCA);
        assertThat(judge("acme", others, null, null)).isEqualTo(new Verdict.Reject(
                "a workload reports only messages it refused from its own tenant's queues"));
        var ofRecord = Rejections.of("debugging.timeline", 0, 5, "acme/inc-1", new byte[] {1}, "bad", T0, RCA);
        assertThat(judge("acme", ofRecord, null, null)).isEqualTo(new Verdict.Reject(
                "a workload reports only messages it refused from its own tenant's queues"));
    }

    @Test
    void aFactThatIsNoTasksOutputIsRejected() {
        var resolved = Event.create(T0, "acme", "inc-1", 1, new Payload.IncidentResolved("looks fine", null), RCA,
                IdempotencyKey.episode("acme", "inc-1") + "/resolved", null);
        assertThat(judge("acme", resolved, TASK, null)).isEqualTo(new Verdict.Reject("IncidentResolved is not a task's output"));
    }
}
