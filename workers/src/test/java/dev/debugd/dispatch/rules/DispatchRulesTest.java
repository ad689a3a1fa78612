package dev.debugd.dispatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.debugd.config.ConfigHistory;
import dev.debugd.dispatch.rules.DispatchRules.Decision;
import dev.debugd.manifests.ConfigFacts;
import dev.debugd.manifests.Manifest;
import dev.debugd.resolve.rules.ResolverRules;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RawJson;
import dev.debugd.timeline.RootCauseCategory;
import dev.debugd.timeline.TimelineRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The rule table of ARCHITECTURE §4, with the task keys written out by hand. */
class DispatchRulesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Event.Agent DETECTOR = new Event.Agent("incident-detector", "1");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<TimelineRecord> configRecords = new ArrayList<>();
    private long configOffset;

    private void configure(String yaml, long generation, Instant time) {
        var node = JSON.readTree(yaml.replace('\'', '"'));
        var fact = ConfigFacts.fact(Manifest.of(node, "test"), generation, time);
        configRecords.add(new TimelineRecord(fact, "debugging.internal", 5, configOffset++));
    }

    private void tenant(double threshold, Instant time, long generation) {
        configure("{'apiVersion':'debugd.dev/v1alpha1','kind':'Tenant','metadata':{'name':'acme'},"
                + "'spec':{'confidenceThreshold':" + threshold + "}}", generation, time);
    }

    private void agent(String agent, String version, Instant time, long generation) {
        configure("{'apiVersion':'debugd.dev/v1alpha1','kind':'AgentProfile','metadata':{'name':'acme-" + agent + "'},"
                + "'spec':{'tenant':'acme','agent':'" + agent + "','version':'" + version + "'}}", generation, time);
    }

    private void github(Instant time) {
        configure("{'apiVersion':'debugd.dev/v1alpha1','kind':'Integration','metadata':{'name':'acme-github'},"
                + "'spec':{'tenant':'acme','type':'github','repository':'acme/shop'}}", 1, time);
    }

    private void standardTenant() {
        tenant(0.7, T0, 1);
        for (var agent : List.of("rca", "fix", "instrumentation", "evaluation")) {
            agent(agent, "1.0.0", T0, 1);
        }
    }

    private ConfigHistory history() {
        var history = new ConfigHistory("acme");
        configRecords.forEach(history::add);
        return history;
    }

    private static TimelineRecord trigger(Payload payload, int cycle, Instant time) {
        var event = Event.create(time, "acme", "inc-7", cycle, payload, DETECTOR, "acme/trigger/" + payload.getClass().getSimpleName()
                + "/" + cycle + "/" + time, null);
        return new TimelineRecord(event, "debugging.timeline", 3, 41);
    }

    private Decision decide(Payload payload, int cycle, Instant time) {
        return DispatchRules.decide(trigger(payload, cycle, time), history(), key -> Optional.empty(), where -> Optional.empty());
    }

    private static List<Payload.TaskRequested> tasks(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Tasks.class);
        return ((Decision.Tasks) decision).requests().stream().map(e -> (Payload.TaskRequested) e.payload()).toList();
    }

    private static List<String> keys(Decision decision) {
        return tasks(decision).stream().map(Payload.TaskRequested::taskKey).toList();
    }

    private static Payload.RootCauseProposed cause(double confidence) {
        return new Payload.RootCauseProposed("pool exhausted", RootCauseCategory.POOL_EXHAUSTION, confidence, List.of(), null);
    }

    private static final Payload DETECTED = new Payload.IncidentDetected("checkout", "sig", 1, "novelty", T0, Map.of(),
            "detector", null);
    private static final Instant T1 = T0.plusSeconds(60);

    @Test
    void incidentDetectedAsksTheContextBuilder() {
        standardTenant();
        var decision = decide(DETECTED, 1, T1);
        assertThat(keys(decision)).containsExactly("acme/inc-7/ContextBuilt/IncidentDetected/1/cycle-1");
        var task = tasks(decision).get(0);
        assertThat(task.taskType()).isEqualTo("context-builder");
        assertThat(task.queue()).isEqualTo("acme-context-builder-tasks");
        assertThat(task.trigger()).isEqualTo(new Payload.RecordPosition("debugging.timeline", 3, 41));
        var event = ((Decision.Tasks) decision).requests().get(0);
        assertThat(event.time()).isEqualTo(T1);
        assertThat(event.eventId()).isNotEqualTo(IdempotencyKey.eventId("ContextBuilt", task.taskKey()));
    }

    @Test
    void aReopenedInvestigationBuildsContextForItsCycle() {
        standardTenant();
        assertThat(keys(decide(new Payload.InvestigationReopened("evaluation failed", null), 2, T1)))
                .containsExactly("acme/inc-7/ContextBuilt/InvestigationReopened/1/cycle-2");
        // It lists the context the cycle before built, where the ledger has it.
        var previous = new Payload.RecordPosition("debugging.timeline", 3, 17);
        var decision = DispatchRules.decide(trigger(new Payload.InvestigationReopened("evaluation failed", null), 2, T1), history(),
                key -> Optional.empty(), cycle -> cycle.equals("acme/inc-7/1") ? Optional.of(previous) : Optional.empty());
        assertThat(tasks(decision).get(0).records()).containsEntry("previous_context", previous);
    }

    @Test
    void contextFansOutToRootCauseAndToInstrumentationWhenSignalsAreMissing() {
        standardTenant();
        assertThat(keys(decide(new Payload.ContextBuilt(RawJson.EMPTY, List.of()), 1, T1)))
                .containsExactly("acme/inc-7/RootCauseProposed/ContextBuilt/1.0.0/cycle-1");
        var withGaps = decide(new Payload.ContextBuilt(RawJson.EMPTY, List.of("trace_id", "deploy_hash")), 1, T1);
        assertThat(keys(withGaps)).containsExactly("acme/inc-7/RootCauseProposed/ContextBuilt/1.0.0/cycle-1",
                "acme/inc-7/InstrumentationProposed/ContextBuilt/1.0.0/cycle-1");
        assertThat(tasks(withGaps).get(1).inputs()).containsEntry("missing_signals", "trace_id,deploy_hash");
    }

    @Test
    void confidenceAtOrAboveTheThresholdAsksForAFixBelowItForInstrumentation() {
        standardTenant();
        assertThat(keys(decide(cause(0.7), 1, T1))).containsExactly("acme/inc-7/FixDrafted/RootCauseProposed/1.0.0/cycle-1");
        assertThat(keys(decide(cause(0.69), 1, T1)))
                .containsExactly("acme/inc-7/InstrumentationProposed/RootCauseProposed/1.0.0/cycle-1");
        assertThat(tasks(decide(cause(0.69), 1, T1)).get(0).queue()).isEqualTo("acme-instrumentation-tasks");
    }

    @Test
    void draftsBecomePullRequestsOnlyWithACodeHostIntegrationThatOpensThem() {
        standardTenant();
        var draft = new Payload.FixDrafted("bound the pool", "--- a\n+++ b\n", null);
        var described = new Payload.FixDrafted("bound the pool", null, null);
        var proposal = new Payload.InstrumentationProposed("log request ids", List.of("request_id"), "--- a\n+++ b\n");
        assertThat(keys(decide(draft, 1, T1))).isEmpty();
        github(T0);
        assertThat(keys(decide(draft, 1, T1))).containsExactly("acme/inc-7/FixProposed/FixDrafted/1/cycle-1");
        assertThat(tasks(decide(draft, 1, T1)).get(0).inputs()).containsEntry("repository", "acme/shop");
        assertThat(keys(decide(described, 1, T1))).as("no diff, no pull request").isEmpty();
        assertThat(keys(decide(proposal, 1, T1))).as("instrumentation pull requests are asked for by name").isEmpty();

        configure("{'apiVersion':'debugd.dev/v1alpha1','kind':'Integration','metadata':{'name':'acme-github'},'spec':{'tenant':"
                + "'acme','type':'github','repository':'acme/shop','features':['pullRequests','instrumentationPullRequests']}}",
                2, T0.plusSeconds(1));
        assertThat(keys(decide(proposal, 1, T1)))
                .containsExactly("acme/inc-7/InstrumentationPullRequestOpened/InstrumentationProposed/1/cycle-1");

        configure("{'apiVersion':'debugd.dev/v1alpha1','kind':'Integration','metadata':{'name':'acme-github'},'spec':{'tenant':"
                + "'acme','type':'github','repository':'acme/shop','features':['codeContext','webhooks']}}", 3, T0.plusSeconds(2));
        assertThat(keys(decide(draft, 1, T1))).as("propose only: the diff stays on the incident").isEmpty();
    }

    @Test
    void aFixsPullRequestTaskListsTheRootCauseItWasDraftedFrom() {
        standardTenant();
        github(T0);
        var rootCause = UUID.fromString("0b7d3c9e-2f41-4c8a-9a55-6e0f1d2b3c4d");
        var at = new Payload.RecordPosition("debugging.timeline", 0, 41);
        var decision = DispatchRules.decide(trigger(new Payload.FixDrafted("revert", "--- a\n+++ b\n", rootCause), 1, T1),
                history(), key -> Optional.empty(), where -> Optional.empty(), id -> id.equals(rootCause) ? Optional.of(at)
                        : Optional.empty());
        assertThat(tasks(decision)).singleElement().satisfies(task -> assertThat(task.records()).containsEntry("root_cause", at)
                .containsKey("draft"));
    }

    @Test
    void aDueEvaluationAsksTheEvaluationAgent() {
        standardTenant();
        assertThat(keys(decide(new Payload.EvaluationDue(null, T0, T1), 1, T1)))
                .containsExactly("acme/inc-7/EvaluationCompleted/EvaluationDue/1.0.0/cycle-1");
        // The resolver's later, longer windows of one cycle: an evaluation each.
        for (int window = 0; window < 3; window++) {
            var due = Event.create(T1, "acme", "inc-7", 1, new Payload.EvaluationDue(null, T0, T1), DETECTOR,
                    "acme/inc-7/evaluation-due/cycle-1/window-" + window, null);
            var decision = DispatchRules.decide(new TimelineRecord(due, "debugging.evaluation", 0, window), history(),
                    key -> Optional.empty(), where -> Optional.empty());
            assertThat(keys(decision)).containsExactly("acme/inc-7/EvaluationCompleted/EvaluationDue/1.0.0/cycle-1"
                    + (window == 0 ? "" : "/window-" + window));
        }
    }

    @Test
    void factsThatTriggerNothingGiveNoTasks() {
        standardTenant();
        assertThat(keys(decide(new Payload.FixApplied("acme/shop", 3, "abc", "octocat"), 1, T1))).isEmpty();
        assertThat(keys(decide(new Payload.IncidentResolved("human", null), 1, T1))).isEmpty();
    }

    @Test
    void suppressionAndResolutionCloseTheirCycleAndAReopeningTheCyclesBeforeIt() {
        assertThat(DispatchRules.closesThrough(fact(new Payload.IncidentSuppressed("known flake", null, "alice"), 2))).isEqualTo(2);
        assertThat(DispatchRules.closesThrough(fact(new Payload.IncidentResolved("evaluation passed", null), 3))).isEqualTo(3);
        assertThat(DispatchRules.closesThrough(fact(new Payload.InvestigationReopened("evaluation failed", null), 2))).isEqualTo(1);
        assertThat(DispatchRules.closesThrough(fact(cause(0.9), 2))).isZero();
        assertThat(DispatchRules.closesThrough(fact(new Payload.FixApplied("acme/shop", 3, "abc", "octocat"), 1))).isZero();
    }

    private static Event fact(Payload payload, int cycle) {
        return Event.create(T1, "acme", "inc-7", cycle, payload, new Event.Agent("api", "1"),
                IdempotencyKey.clientRequest("acme", "fact-" + cycle), null);
    }

    private static Event resolverFact(Payload payload, int cycle) {
        return Event.create(T1, "acme", "inc-7", cycle, payload, ResolverRules.RESOLVER, "acme/inc-7/resolver/" + cycle, null);
    }

    private static DispatchRules.CycleMarks marks(int cycle, boolean reopenedByResolver, boolean closedByPerson) {
        return new DispatchRules.CycleMarks("acme", "inc-7", cycle, reopenedByResolver, closedByPerson);
    }

    @Test
    void theResolversReopenMarksTheCycleItReopensAndAPersonsCloseItsOwnCycle() {
        var machineReopen = resolverFact(new Payload.InvestigationReopened("evaluation failed", null), 2);
        assertThat(DispatchRules.marks(machineReopen)).contains(marks(1, true, false));
        assertThat(DispatchRules.marks(fact(new Payload.IncidentResolved("human", null), 1))).contains(marks(1, false, true));
        assertThat(DispatchRules.marks(fact(new Payload.IncidentSuppressed("known flake", null, "alice"), 3)))
                .contains(marks(3, false, true));
    }

    @Test
    void aPersonsReopenAndTheMachinesClosesSetNoMark() {
        assertThat(DispatchRules.marks(fact(new Payload.InvestigationReopened("still failing", null), 2))).isEmpty();
        assertThat(DispatchRules.marks(resolverFact(new Payload.IncidentResolved("evaluation_passed", null), 1))).isEmpty();
        // A resolution by the resolver is never a person's, whatever its reason says; nor one for another reason.
        assertThat(DispatchRules.marks(resolverFact(new Payload.IncidentResolved("human", null), 1))).isEmpty();
        assertThat(DispatchRules.marks(fact(new Payload.IncidentResolved("evaluation_passed", null), 1))).isEmpty();
        assertThat(DispatchRules.marks(fact(new Payload.IncidentSuppressed("benign deploy", "deploy-window", "suppression_rule"), 1)))
                .isEmpty();
        assertThat(DispatchRules.marks(fact(cause(0.9), 1))).isEmpty();
    }

    @Test
    void aMachineReopenOfACycleAPersonClosedIsVoidInEitherOrder() {
        var reopen = DispatchRules.marks(resolverFact(new Payload.InvestigationReopened("evaluation failed", null), 2)).orElseThrow();
        var resolution = DispatchRules.marks(fact(new Payload.IncidentResolved("human", null), 1)).orElseThrow();
        var suppression = DispatchRules.marks(fact(new Payload.IncidentSuppressed("known flake", null, "alice"), 1)).orElseThrow();
        assertThat(reopen.and(resolution).closesThrough()).isEqualTo(2);
        assertThat(resolution.and(reopen).closesThrough()).isEqualTo(2);
        assertThat(suppression.and(reopen).closesThrough()).isEqualTo(2);
        assertThat(reopen.and(reopen).closesThrough()).isZero();
    }

    @Test
    void eitherMarkAloneClosesNoMoreThanItsFact() {
        assertThat(marks(1, true, false).closesThrough()).isZero();
        // A person's close alone closes only its cycle (closesThrough of the fact): a person may reopen it later.
        assertThat(marks(1, false, true).closesThrough()).isZero();
        assertThat(DispatchRules.closesThrough(fact(new Payload.IncidentResolved("human", null), 1))).isEqualTo(1);
    }

    @Test
    void marksOfDifferentCyclesDoNotCombine() {
        assertThatThrownBy(() -> marks(1, true, false).and(marks(2, false, true)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configurationIsTakenAsOfTheTriggersTime() {
        standardTenant();
        var t2 = T0.plusSeconds(120);
        tenant(0.9, t2, 2);
        agent("rca", "2.0.0", t2, 2);
        // Before the change: the old threshold and version, even though the change is already recorded.
        assertThat(keys(decide(cause(0.8), 1, T1))).containsExactly("acme/inc-7/FixDrafted/RootCauseProposed/1.0.0/cycle-1");
        assertThat(keys(decide(new Payload.ContextBuilt(RawJson.EMPTY, List.of()), 1, T1)))
                .containsExactly("acme/inc-7/RootCauseProposed/ContextBuilt/1.0.0/cycle-1");
        // At and after it: the new ones.
        assertThat(keys(decide(cause(0.8), 1, t2)))
                .containsExactly("acme/inc-7/InstrumentationProposed/RootCauseProposed/1.0.0/cycle-1");
        assertThat(keys(decide(new Payload.ContextBuilt(RawJson.EMPTY, List.of()), 1, t2.plusSeconds(1))))
                .containsExactly("acme/inc-7/RootCauseProposed/ContextBuilt/2.0.0/cycle-1");
    }

    @Test
    void aTriggerBeforeItsTenantFailsAndIsDecidedWithTheFirstConfigurationThatCan() {
        var failed = decide(DETECTED, 1, T1);
        assertThat(failed).isInstanceOf(Decision.Failed.class);
        var fact = ((Decision.Failed) failed).dispatchFailed();
        assertThat(((Payload.DispatchFailed) fact.payload()).reason()).isEqualTo("tenant 'acme' has no configuration as of " + T1);
        assertThat(fact.idempotencyKey()).isEqualTo("acme/dispatch-failed/" + fact.causationEventId());

        var t5 = T1.plusSeconds(300);
        tenant(0.7, t5, 1);
        agent("rca", "1.0.0", t5, 1);
        agent("rca", "3.0.0", t5.plusSeconds(60), 2);
        assertThat(keys(decide(new Payload.ContextBuilt(RawJson.EMPTY, List.of()), 1, T1)))
                .containsExactly("acme/inc-7/RootCauseProposed/ContextBuilt/1.0.0/cycle-1");
    }

    @Test
    void aMissingAgentProfileIsNamed() {
        tenant(0.7, T0, 1);
        agent("rca", "1.0.0", T0, 1);
        var failed = (Decision.Failed) decide(new Payload.ContextBuilt(RawJson.EMPTY, List.of("trace_id")), 1, T1);
        assertThat(((Payload.DispatchFailed) failed.dispatchFailed().payload()).reason())
                .isEqualTo("tenant 'acme' has no AgentProfile for instrumentation as of " + T1);
    }

    @Test
    void aDeletedTenantDecidesNothingMore() {
        standardTenant();
        var gone = ConfigFacts.changes(Map.of("acme", history()), List.of(), T1, true);
        assertThat(gone).hasSize(1);
        configRecords.add(new TimelineRecord(gone.get(0), "debugging.internal", 5, configOffset++));
        assertThat(decide(DETECTED, 1, T1.plusSeconds(1))).isInstanceOf(Decision.Failed.class);
        assertThat(keys(decide(DETECTED, 1, T0.plusSeconds(1)))).hasSize(1);
    }

    @Test
    void aRetryIsANewAttemptOfTheSameWork() {
        standardTenant();
        var original = tasks(decide(cause(0.9), 1, T1)).get(0);
        var retry = trigger(new Payload.TaskRetryRequested(original.taskKey(), "alice", 2), 1, T1.plusSeconds(900));
        var decision = DispatchRules.decide(retry, history(),
                key -> key.equals(original.taskKey()) ? Optional.of(original) : Optional.empty(), where -> Optional.empty());
        var task = tasks(decision).get(0);
        assertThat(task.taskKey()).isEqualTo("acme/inc-7/FixDrafted/RootCauseProposed/1.0.0/cycle-1/attempt-2");
        assertThat(task.queue()).isEqualTo(original.queue());
        assertThat(task.trigger()).isEqualTo(original.trigger());
        assertThat(task.inputs()).containsEntry("retry_of", original.taskKey());
        assertThat(DispatchRules.decide(retry, history(), key -> Optional.empty(), where -> Optional.empty())).isInstanceOf(Decision.Failed.class);
    }

    @Test
    void decisionsDependOnTheRecordedFactsNotOnTheOrderTheyWereRead() {
        standardTenant();
        tenant(0.95, T1, 2);
        agent("fix", "1.1.0", T1, 2);
        var first = DispatchRules.decide(trigger(cause(0.9), 1, T1.plusSeconds(5)), history(), k -> Optional.empty(), where -> Optional.empty());
        Collections.reverse(configRecords);
        configRecords.addAll(List.copyOf(configRecords)); // delivered twice
        var second = DispatchRules.decide(trigger(cause(0.9), 1, T1.plusSeconds(5)), history(), k -> Optional.empty(), where -> Optional.empty());
        assertThat(second).isEqualTo(first);
        assertThat(keys(first)).containsExactly("acme/inc-7/InstrumentationProposed/RootCauseProposed/1.0.0/cycle-1");
    }

    @Test
    void aConfigurationFactThatCannotBeReadCountsAsAbsent() {
        var bad = new Payload.TenantConfigChanged(1, JSON.readTree("{\"kind\":\"Tenant\",\"name\":\"acme\",\"spec\":{\"confidenceThreshold\":\"high\"}}"));
        var event = Event.create(T0, "acme", "_config", 1, bad, DETECTOR, IdempotencyKey.configuration("acme", "Tenant", "acme", "uid-1", 1), null);
        configRecords.add(new TimelineRecord(event, "debugging.internal", 5, configOffset++));
        assertThat(decide(DETECTED, 1, T1)).isInstanceOf(Decision.Failed.class);
    }

    @Test
    void aTaskListsTheRecordsItsWorkerNeedsByPosition() {
        standardTenant();
        github(T0);
        var t1 = T0.plusSeconds(60);
        var built = tasks(decide(new Payload.ContextBuilt(new RawJson("{}"), List.of()), 1, t1));
        var trigger = new Payload.RecordPosition("debugging.timeline", 3, 41);
        assertThat(built).singleElement().extracting(Payload.TaskRequested::records).isEqualTo(java.util.Map.of("context", trigger));

        var context = new Payload.RecordPosition("debugging.timeline", 3, 17);
        var fromCause = tasks(DispatchRules.decide(trigger(cause(0.9), 1, t1), history(), key -> Optional.empty(),
                where -> where.equals("acme/inc-7/1") ? Optional.of(context) : Optional.empty()));
        assertThat(fromCause).singleElement().extracting(Payload.TaskRequested::records)
                .isEqualTo(java.util.Map.of("context", context, "root_cause", trigger));
    }

    @Test
    void aDraftWithoutADiffAsksForNoPullRequest() {
        standardTenant();
        github(T0);
        var t1 = T0.plusSeconds(60);
        assertThat(tasks(decide(new Payload.FixDrafted("Size the pool", null, null, "why", "risk", "builtin"), 1, t1))).isEmpty();
        assertThat(tasks(decide(new Payload.InstrumentationProposed("Log the trace id", List.of("trace_id"), null), 1, t1)))
                .isEmpty();
        assertThat(tasks(decide(new Payload.FixDrafted("Size the pool", "--- a/x\n+++ b/x\n", null), 1, t1)))
                .extracting(Payload.TaskRequested::taskType).containsExactly("github");
    }
}
