package dev.debugd.projection;

import static dev.debugd.projection.IncidentStatus.CONTEXT_BUILT;
import static dev.debugd.projection.IncidentStatus.DETECTED;
import static dev.debugd.projection.IncidentStatus.FIX_APPLIED;
import static dev.debugd.projection.IncidentStatus.FIX_PROPOSED;
import static dev.debugd.projection.IncidentStatus.NEEDS_HUMAN;
import static dev.debugd.projection.IncidentStatus.PENDING;
import static dev.debugd.projection.IncidentStatus.REOPENED;
import static dev.debugd.projection.IncidentStatus.RESOLVED;
import static dev.debugd.projection.IncidentStatus.ROOT_CAUSE_PROPOSED;
import static dev.debugd.projection.IncidentStatus.SUPPRESSED;
import static dev.debugd.projection.IncidentView.FailureKind.AGENT_RUN_FAILED;
import static dev.debugd.projection.IncidentView.FailureKind.DISPATCH_FAILED;
import static dev.debugd.projection.IncidentView.FailureKind.EVENT_REJECTED;
import static dev.debugd.projection.IncidentView.FailureKind.TASK_ABANDONED;
import static dev.debugd.projection.IncidentView.PullRequestKind.FIX;
import static dev.debugd.projection.IncidentView.PullRequestKind.INSTRUMENTATION;
import static dev.debugd.timeline.RootCauseCategory.CODE_DEFECT;
import static dev.debugd.timeline.RootCauseCategory.DEPENDENCY_TIMEOUT;
import static dev.debugd.timeline.RootCauseCategory.MISSING_CONFIG;
import static dev.debugd.timeline.RootCauseCategory.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.projection.IncidentView.CycleView;
import dev.debugd.projection.IncidentView.Detection;
import dev.debugd.projection.IncidentView.Evaluation;
import dev.debugd.projection.IncidentView.Failure;
import dev.debugd.projection.IncidentView.FixDraft;
import dev.debugd.projection.IncidentView.Hypothesis;
import dev.debugd.projection.IncidentView.InstrumentationProposal;
import dev.debugd.projection.IncidentView.PullRequest;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.Event.Agent;
import dev.debugd.timeline.EventType;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import dev.debugd.timeline.TimelineRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The table of hand-written scenarios of ARCHITECTURE §3: for each, the records of one incident in the order
 * they ARRIVE (across the three topics; offsets are the records' real positions in partition 7), and the view
 * written out by hand. Expected values are literals (or the ids of the input events), never values computed by
 * the projection, so an implementation that just sorts and folds cannot pass by accident.
 *
 * <p>Every expectation states every part of the view: lists a scenario does not touch are expected empty.
 * All times are on 2026-03-02, UTC.
 */
class IncidentScenariosTest {

    static final String TENANT = "acme";
    static final String INCIDENT = "inc-2026-0142";
    static final String TL = "debugging.timeline";
    static final String EV = "debugging.evaluation";
    static final String IN = "debugging.internal";
    /** The partition of "acme/inc-2026-0142" in each topic: one incident's records share it. */
    static final int P = 7;
    static final String REPO = "acme/checkout";
    static final String SHA_418 = "3f786850e387550fdab836ed7e6dc881de23001b";
    static final String SHA_431 = "89e6c98d92887913cadf06b2adb97f26cde4849b";
    static final String RCA_TASK_KEY = "acme/inc-2026-0142/RootCauseProposed/ContextBuilt/0.3.1/cycle-1";

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final Agent DETECTOR = new Agent("incident-detector", "1.0.0");
    static final Agent CONTEXT_BUILDER = new Agent("context-builder", "1.2.0");
    static final Agent RCA = new Agent("rca-agent", "0.3.1");
    static final Agent RCA_CANARY = new Agent("rca-agent", "0.3.2");
    static final Agent RCA_NEXT = new Agent("rca-agent", "0.4.0");
    static final Agent FIXER = new Agent("fix-agent", "0.2.0");
    static final Agent INSTRUMENTER = new Agent("instrumentation-agent", "0.1.4");
    static final Agent GITHUB = new Agent("github-integration", "1.0.3");
    static final Agent EVALUATOR = new Agent("evaluation-agent", "0.2.0");
    static final Agent RESOLVER = new Agent("resolver", "1.0.0");
    static final Agent DISPATCHER = new Agent("dispatcher", "1.1.0");
    static final Agent SWEEPER = new Agent("dispatcher-sweeper", "1.1.0");
    static final Agent CONSOLE = new Agent("debugd-console", "1.4.0");

    // --- the cycle-1 story most scenarios share -------------------------------------------------------------
    // Detected 09:00, context 09:02, hypothesis 09:05 (MISSING_CONFIG 0.87), draft 09:08, PR #418 opened 09:10,
    // merged 09:40 (SHA_418), deployed 10:05 (deploy-5b7e), evaluation due 11:05, evaluated 11:06, then resolved
    // or reopened 11:07.

    static final Event DETECTED_EVENT = detectedByDetector();
    static final Event CONTEXT_REQUESTED = taskRequested(1, "09:00:05", EventType.CONTEXT_BUILT,
            EventType.INCIDENT_DETECTED, CONTEXT_BUILDER, "context-builder", TL, 1201, DETECTED_EVENT);
    static final Event CONTEXT_1 = contextBuilt(1, "09:02");
    static final Event RCA_REQUESTED = taskRequested(1, "09:02:05", EventType.ROOT_CAUSE_PROPOSED,
            EventType.CONTEXT_BUILT, RCA, "rca", TL, 1202, CONTEXT_1);
    static final Event ROOT_CAUSE_1 = rootCause(1, "09:05", RCA,
            "JWT_SECRET is not set in the checkout deployment since deploy 9f1c2ab", MISSING_CONFIG, 0.87);
    static final Event DRAFT_1 = fixDrafted(1, "09:08", "Read JWT_SECRET from the checkout-secrets secret", ROOT_CAUSE_1);
    static final Event PR_418 = fixProposed(1, "09:10", 418, DRAFT_1);
    static final Event MERGED_418 = fixApplied(1, "09:40", 418, SHA_418, "72d3162e-cc78-11e3-81ab-4c9367dc0958");
    static final Event DEPLOYED_418 = fixDeployed(1, "10:05", "deploy-5b7e", SHA_418, "0f3a5c10-1d2e-11f0-8b6e-3b1c0e2d7a41");
    static final Event EVALUATION_DUE_1 = evaluationDue(1, "10:05", "11:05", DEPLOYED_418);
    static final Event EVALUATION_PASSED_1 = evaluationCompleted(1, "11:06", true,
            "the signature stopped after deploy-5b7e; the hypothesis holds", 42.0, 0.0, DEPLOYED_418);
    static final Event EVALUATION_FAILED_1 = evaluationCompleted(1, "11:06", false,
            "the signature still occurs after deploy-5b7e; the hypothesis does not hold", 42.0, 39.0, DEPLOYED_418);
    static final Event RESOLVED_1 = resolvedByResolver(1, "11:07", EVALUATION_PASSED_1);
    static final Event REOPENED_2 = reopenedByResolver(2, "11:07",
            "evaluation failed: the signature still occurs after deploy-5b7e", EVALUATION_FAILED_1);

    // The expected values of the shared story, written out by hand.
    static final Detection DETECTED_BY_DETECTOR = new Detection("checkout", "NullPointerException@CartService.total",
            "novelty", "detector", "NullPointerException in CartService.total after deploy 9f1c2ab", t("08:55"),
            t("09:00"));
    static final Hypothesis HYPOTHESIS_1 = new Hypothesis(ROOT_CAUSE_1.eventId(), 1, t("09:05"),
            "JWT_SECRET is not set in the checkout deployment since deploy 9f1c2ab", MISSING_CONFIG, 0.87, "0.3.1");
    static final FixDraft DRAFT_1_VIEW = new FixDraft(DRAFT_1.eventId(), 1, t("09:08"),
            "Read JWT_SECRET from the checkout-secrets secret");
    static final PullRequest PR_418_DEPLOYED = new PullRequest(FIX, "acme/checkout", 418,
            "https://github.com/acme/checkout/pull/418", t("09:10"), t("09:40"), SHA_418, t("10:05"), "deploy-5b7e");
    static final Evaluation EVALUATION_PASSED_1_VIEW = new Evaluation(EVALUATION_PASSED_1.eventId(), 1, t("11:06"),
            true, "the signature stopped after deploy-5b7e; the hypothesis holds",
            Map.of("signature_count_before", 42.0, "signature_count_after", 0.0));
    static final Evaluation EVALUATION_FAILED_1_VIEW = new Evaluation(EVALUATION_FAILED_1.eventId(), 1, t("11:06"),
            false, "the signature still occurs after deploy-5b7e; the hypothesis does not hold",
            Map.of("signature_count_before", 42.0, "signature_count_after", 39.0));

    // --- the tests ---------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theViewIsTheOneWrittenOutByHand(Scenario scenario) {
        scenario.expected().check(view(scenario.arrivals()));
    }

    /** The same records in reverse arrival order, each delivered twice, give the same (hand-written) view. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void reverseArrivalAndRedeliveryGiveTheSameView(Scenario scenario) {
        var reversed = new ArrayList<>(scenario.arrivals());
        Collections.reverse(reversed);
        var twice = new ArrayList<>(reversed);
        twice.addAll(scenario.arrivals());
        var view = view(twice);
        scenario.expected().check(view);
        assertThat(view).isEqualTo(view(scenario.arrivals()));
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                happyPathToResolved(),
                mergeWebhookFixAppliedArrivesBeforeItsFixProposed(),
                failedEvaluationOpensCycle2(),
                failedEvaluationBeforeTheResolversReopenNeedsAHuman(),
                cycle2ReachesRootCauseWhileALateCycle1HypothesisArrives(),
                lateCycle1MergeDoesNotRaiseTheStatusOfCycle2(),
                lateHumanResolutionOfCycle1AfterCycle2Opened(),
                failVerdictThenTheResolversReopenOpensCycle2(),
                failedEvaluationInTheTenantsLastCycleNeedsAHuman(),
                threeInconclusiveEvaluationsNeedAHuman(),
                twoInconclusiveEvaluationsAwaitTheLongestWindow(),
                aPersonsConfirmationVoidsTheResolversReopen(),
                aPersonsSuppressionVoidsTheResolversReopen(),
                aPersonsReopenAfterAPersonsResolutionIsNotVoid(),
                aPersonReopensTheCycleWhoseResolverReopenWasVoid(),
                suppressedIncidentReceivesALateRootCause(),
                suppressedByTheContextBuildersRule(),
                resolvedThenReopenedByAHuman(),
                sameEventIdTwiceInOffsetOrderLowestOffsetWins(),
                sameEventIdTwiceInReverseOrderLowestOffsetStillWins(),
                redeliveredRecordsAndARetriedWriteCountOnce(),
                onlyATaskRequestOnTheInternalTopicIsPending(),
                cycle2TaskRequestArrivesBeforeTheReopenItFollows(),
                cycle2TaskRequestThenTheReopenArrives(),
                failuresOfEveryKind(),
                manualAndDetectorDetectionsTheEarliestIsShown(),
                deploysAreMatchedToPullRequestsByMergeCommitAcrossCycles(),
                deployArrivesBeforeTheMergeWhichArrivesBeforeTheOpening(),
                instrumentationPullRequestBesideAFixPullRequest(),
                aFixPullRequestClosedWithoutAMergeAndAnInstrumentationOneMerged(),
                lowConfidenceLeadsToInstrumentationOnly(),
                eventOfANewerSchemaVersionIsCountedButChangesNothing(),
                resolvedAndSuppressedInOneCycleIsSuppressed(),
                evaluationDueAndTaskRequestsAreOnlyCounted(),
                hypothesesAreOrderedByCycleTimeAndEventId());
    }

    // --- the scenarios -----------------------------------------------------------------------------------------

    static Scenario happyPathToResolved() {
        // A consumer catching up topic by topic: the whole timeline first, then internal, then evaluation, so the
        // resolution arrives before the evaluation it follows.
        return scenario("happy path to RESOLVED",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, PR_418), tl(1206, MERGED_418), tl(1207, DEPLOYED_418), tl(1208, RESOLVED_1),
                        in(5301, CONTEXT_REQUESTED), in(5302, RCA_REQUESTED),
                        ev(310, EVALUATION_DUE_1), ev(311, EVALUATION_PASSED_1)),
                expect(RESOLVED, 1).cycles(c(1, RESOLVED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(new PullRequest(FIX, "acme/checkout", 418,
                                "https://github.com/acme/checkout/pull/418", t("09:10"), t("09:40"), SHA_418,
                                t("10:05"), "deploy-5b7e"))
                        .evaluations(new Evaluation(EVALUATION_PASSED_1.eventId(), 1, t("11:06"), true,
                                "the signature stopped after deploy-5b7e; the hypothesis holds",
                                Map.of("signature_count_before", 42.0, "signature_count_after", 0.0)))
                        .counts("IncidentDetected", 1, "TaskRequested", 2, "ContextBuilt", 1, "RootCauseProposed", 1,
                                "FixDrafted", 1, "FixProposed", 1, "FixApplied", 1, "FixDeployed", 1,
                                "EvaluationDue", 1, "EvaluationCompleted", 1, "IncidentResolved", 1)
                        .firstSeen(1, "IncidentDetected", "09:00", "TaskRequested", "09:00:05", "ContextBuilt", "09:02",
                                "RootCauseProposed", "09:05", "FixDrafted", "09:08", "FixProposed", "09:10",
                                "FixApplied", "09:40", "FixDeployed", "10:05", "EvaluationDue", "11:05",
                                "EvaluationCompleted", "11:06", "IncidentResolved", "11:07"));
    }

    static Scenario mergeWebhookFixAppliedArrivesBeforeItsFixProposed() {
        // A human merged PR #418 within two minutes; the merge webhook's FixApplied (09:12) was written before the
        // integration worker, slowed by a retry, wrote its FixProposed (09:13). The PR entry joins both facts.
        var merged = fixApplied(1, "09:12", 418, SHA_418, "5e2b9c44-d1f0-11f0-9a7d-0242ac120002");
        var opened = fixProposed(1, "09:13", 418, DRAFT_1);
        return scenario("merge webhook's FixApplied arrives before the FixProposed it refers to",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, merged), tl(1206, opened)),
                expect(FIX_APPLIED, 1).cycles(c(1, FIX_APPLIED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(new PullRequest(FIX, "acme/checkout", 418,
                                "https://github.com/acme/checkout/pull/418", t("09:13"), t("09:12"), SHA_418, null, null))
                        .counts("IncidentDetected", 1, "ContextBuilt", 1, "RootCauseProposed", 1, "FixDrafted", 1,
                                "FixApplied", 1, "FixProposed", 1)
                        .firstSeen(1, "IncidentDetected", "09:00", "ContextBuilt", "09:02", "RootCauseProposed", "09:05",
                                "FixDrafted", "09:08", "FixApplied", "09:12", "FixProposed", "09:13"));
    }

    static Scenario failedEvaluationOpensCycle2() {
        // An evaluation recorded before verdicts were (passed false, no verdict): a fail.
        return scenario("failed evaluation, then InvestigationReopened: cycle 2 is REOPENED, cycle 1's NEEDS_HUMAN is history",
                arrive(tl(1201, DETECTED_EVENT), in(5301, CONTEXT_REQUESTED), tl(1202, CONTEXT_1), in(5302, RCA_REQUESTED),
                        tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1), tl(1205, PR_418), tl(1206, MERGED_418),
                        tl(1207, DEPLOYED_418), ev(310, EVALUATION_DUE_1), ev(311, EVALUATION_FAILED_1),
                        tl(1208, REOPENED_2)),
                expect(REOPENED, 2).cycles(c(1, NEEDS_HUMAN), c(2, REOPENED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(PR_418_DEPLOYED)
                        .evaluations(new Evaluation(EVALUATION_FAILED_1.eventId(), 1, t("11:06"), false,
                                "the signature still occurs after deploy-5b7e; the hypothesis does not hold",
                                Map.of("signature_count_before", 42.0, "signature_count_after", 39.0)))
                        .counts("IncidentDetected", 1, "TaskRequested", 2, "ContextBuilt", 1, "RootCauseProposed", 1,
                                "FixDrafted", 1, "FixProposed", 1, "FixApplied", 1, "FixDeployed", 1,
                                "EvaluationDue", 1, "EvaluationCompleted", 1, "InvestigationReopened", 1)
                        .firstSeen(2, "InvestigationReopened", "11:07"));
    }

    static Scenario failedEvaluationBeforeTheResolversReopenNeedsAHuman() {
        // The evaluation failed but the resolver's InvestigationReopened is not written (or not read) yet: cycle 1
        // needs a human until the reopen is read (in the tenant's last cycle none ever comes).
        return scenario("failed evaluation not yet followed by the resolver's reopen: NEEDS_HUMAN in cycle 1",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, PR_418), tl(1206, MERGED_418), tl(1207, DEPLOYED_418), ev(310, EVALUATION_DUE_1),
                        ev(311, EVALUATION_FAILED_1)),
                expect(NEEDS_HUMAN, 1).cycles(c(1, NEEDS_HUMAN))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(PR_418_DEPLOYED)
                        .evaluations(EVALUATION_FAILED_1_VIEW)
                        .counts("IncidentDetected", 1, "ContextBuilt", 1, "RootCauseProposed", 1, "FixDrafted", 1,
                                "FixProposed", 1, "FixApplied", 1, "FixDeployed", 1, "EvaluationDue", 1,
                                "EvaluationCompleted", 1));
    }

    static Scenario cycle2ReachesRootCauseWhileALateCycle1HypothesisArrives() {
        // The cycle-1 RCA run is stuck in a slow model call; a human reopens (cycle 2) with a better context; the
        // cycle-2 hypothesis (09:30) is written; then the slow cycle-1 run finally writes its hypothesis (09:34).
        var reopen = reopenedByHuman(2, "09:20", "RCA is stuck; rebuild the context with the promotions service logs",
                "req-5c0d");
        var context2 = contextBuilt(2, "09:22");
        var rootCause2 = rootCause(2, "09:30", RCA,
                "CartService.total dereferences a null discount when the promotions client times out",
                DEPENDENCY_TIMEOUT, 0.78);
        var lateRootCause1 = rootCause(1, "09:34", RCA,
                "JWT_SECRET is not set in the checkout deployment since deploy 9f1c2ab", MISSING_CONFIG, 0.41);
        return scenario("cycle 2 reaches ROOT_CAUSE_PROPOSED, then a late cycle-1 hypothesis arrives",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), in(5302, RCA_REQUESTED), tl(1203, reopen),
                        tl(1204, context2), tl(1205, rootCause2), tl(1206, lateRootCause1)),
                expect(ROOT_CAUSE_PROPOSED, 2).cycles(c(1, ROOT_CAUSE_PROPOSED), c(2, ROOT_CAUSE_PROPOSED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(
                                new Hypothesis(lateRootCause1.eventId(), 1, t("09:34"),
                                        "JWT_SECRET is not set in the checkout deployment since deploy 9f1c2ab",
                                        MISSING_CONFIG, 0.41, "0.3.1"),
                                new Hypothesis(rootCause2.eventId(), 2, t("09:30"),
                                        "CartService.total dereferences a null discount when the promotions client times out",
                                        DEPENDENCY_TIMEOUT, 0.78, "0.3.1"))
                        .counts("IncidentDetected", 1, "ContextBuilt", 2, "TaskRequested", 1, "InvestigationReopened", 1,
                                "RootCauseProposed", 2)
                        .firstSeen(1, "IncidentDetected", "09:00", "ContextBuilt", "09:02", "TaskRequested", "09:02:05",
                                "RootCauseProposed", "09:34")
                        .firstSeen(2, "InvestigationReopened", "09:20", "ContextBuilt", "09:22",
                                "RootCauseProposed", "09:30"));
    }

    static Scenario lateCycle1MergeDoesNotRaiseTheStatusOfCycle2() {
        // A human rejected PR #418 and reopened; while cycle 2's context is built, someone merges #418 anyway. The
        // webhook's FixApplied carries cycle 1 (copied from the PR it refers to): cycle 1 becomes FIX_APPLIED, the
        // incident's status is still cycle 2's.
        var reopen = reopenedByHuman(2, "09:30", "PR #418 is the wrong approach; JWT_SECRET is set", "req-8a21");
        var context2 = contextBuilt(2, "09:32");
        var lateMerge = fixApplied(1, "09:45", 418, SHA_418, "a8f5f167-f44f-4964-a6c5-8d5f2d1d7e01");
        return scenario("a late cycle-1 FixApplied does not raise cycle 2 (still CONTEXT_BUILT)",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, PR_418), tl(1206, reopen), tl(1207, context2), tl(1208, lateMerge)),
                expect(CONTEXT_BUILT, 2).cycles(c(1, FIX_APPLIED), c(2, CONTEXT_BUILT))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(new PullRequest(FIX, "acme/checkout", 418,
                                "https://github.com/acme/checkout/pull/418", t("09:10"), t("09:45"), SHA_418, null, null))
                        .counts("IncidentDetected", 1, "ContextBuilt", 2, "RootCauseProposed", 1, "FixDrafted", 1,
                                "FixProposed", 1, "InvestigationReopened", 1, "FixApplied", 1)
                        .firstSeen(2, "InvestigationReopened", "09:30", "ContextBuilt", "09:32"));
    }

    static Scenario lateHumanResolutionOfCycle1AfterCycle2Opened() {
        // A human whose dashboard still showed cycle 1 marks it resolved after the resolver opened cycle 2 and cycle
        // 2's context was built: the person's close stands, the resolver's reopen of cycle 1 is void. Cycle 2's
        // context is listed (and counted), but cycle 1 is the incident's cycle again.
        var context2 = contextBuilt(2, "11:10");
        var lateResolution = resolvedByHuman(1, "11:15", "req-77d0");
        return scenario("a late human resolution of cycle 1 voids the resolver's reopen: RESOLVED in cycle 1",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, PR_418), tl(1206, MERGED_418), tl(1207, DEPLOYED_418), ev(310, EVALUATION_DUE_1),
                        ev(311, EVALUATION_FAILED_1), tl(1208, REOPENED_2), tl(1209, context2),
                        tl(1210, lateResolution)),
                expect(RESOLVED, 1).cycles(c(1, RESOLVED), c(2, CONTEXT_BUILT)).reopenVoid(1)
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(PR_418_DEPLOYED)
                        .evaluations(EVALUATION_FAILED_1_VIEW)
                        .counts("IncidentDetected", 1, "ContextBuilt", 2, "RootCauseProposed", 1, "FixDrafted", 1,
                                "FixProposed", 1, "FixApplied", 1, "FixDeployed", 1, "EvaluationDue", 1,
                                "EvaluationCompleted", 1, "InvestigationReopened", 1, "IncidentResolved", 1));
    }

    static Scenario failVerdictThenTheResolversReopenOpensCycle2() {
        // The Evaluation Agent's verdict "fail" (with its rule): cycle 1 needs a human until the resolver's reopen
        // (cycle 1 was not the tenant's last) opens cycle 2, whose REOPENED is the incident's status.
        var failed = evaluationCompleted(1, "11:06", "fail", 0,
                "Fail: the error's rate is 39.0/min after the fix against 0.0/min before the fault (at most 1.0)",
                42.0, 39.0, DEPLOYED_418);
        var reopen = reopenedByResolver(2, "11:07", "the fix of cycle 1 failed its evaluation: Fail: the error's rate is "
                + "39.0/min after the fix against 0.0/min before the fault (at most 1.0)", failed);
        return scenario("a \"fail\" verdict, then the resolver's reopen: REOPENED in cycle 2, NEEDS_HUMAN in cycle 1",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, PR_418), tl(1206, MERGED_418), tl(1207, DEPLOYED_418), ev(310, EVALUATION_DUE_1),
                        ev(311, failed), tl(1208, reopen)),
                expect(REOPENED, 2).cycles(c(1, NEEDS_HUMAN), c(2, REOPENED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(PR_418_DEPLOYED)
                        .evaluations(new Evaluation(failed.eventId(), 1, t("11:06"), false, "fail",
                                "Fail: the error's rate is 39.0/min after the fix against 0.0/min before the fault (at most 1.0)",
                                Map.of("signature_count_before", 42.0, "signature_count_after", 39.0)))
                        .counts("IncidentDetected", 1, "ContextBuilt", 1, "RootCauseProposed", 1, "FixDrafted", 1,
                                "FixProposed", 1, "FixApplied", 1, "FixDeployed", 1, "EvaluationDue", 1,
                                "EvaluationCompleted", 1, "InvestigationReopened", 1)
                        .firstSeen(1, "IncidentDetected", "09:00", "ContextBuilt", "09:02", "RootCauseProposed", "09:05",
                                "FixDrafted", "09:08", "FixProposed", "09:10", "FixApplied", "09:40", "FixDeployed", "10:05",
                                "EvaluationDue", "11:05", "EvaluationCompleted", "11:06")
                        .firstSeen(2, "InvestigationReopened", "11:07"));
    }

    static final String SHA_437 = "c1dfd96eea8cc2b62785275bca38ac261256e278";

    static Scenario failedEvaluationInTheTenantsLastCycleNeedsAHuman() {
        // maxCycles 3: cycle 1's fix failed (recorded before verdicts were), cycle 2's and cycle 3's failed with the
        // verdict "fail". The resolver reopened cycles 1 and 2; after cycle 3, the tenant's last, it writes nothing.
        var context2 = contextBuilt(2, "11:10");
        var rootCause2 = rootCause(2, "11:20", RCA,
                "CartService.total dereferences a null discount when the promotions client times out",
                DEPENDENCY_TIMEOUT, 0.78);
        var draft2 = fixDrafted(2, "11:24", "Treat a missing discount as zero and lower the promotions timeout", rootCause2);
        var pr431 = fixProposed(2, "11:26", 431, draft2);
        var merged431 = fixApplied(2, "12:10", 431, SHA_431, "c3d1e8a2-f7b1-11f0-8de9-0242ac120002");
        var deployed431 = fixDeployed(2, "12:30", "deploy-c81d", SHA_431, "d4e2f9b3-f7b1-11f0-8de9-0242ac120002");
        var due2 = evaluationDue(2, 0, "12:30", "13:30", deployed431);
        var failed2 = evaluationCompleted(2, "13:31", "fail", 0,
                "Fail: the error's rate is 31.0/min after the fix against 0.0/min before the fault (at most 1.0)",
                40.0, 31.0, deployed431);
        var reopen3 = reopenedByResolver(3, "13:32", "the fix of cycle 2 failed its evaluation", failed2);
        var context3 = contextBuilt(3, "13:35");
        var rootCause3 = rootCause(3, "13:44", RCA,
                "CartService.total reads the cart total before the promotions response is merged", CODE_DEFECT, 0.69);
        var draft3 = fixDrafted(3, "13:48", "Await the promotions response before computing the total", rootCause3);
        var pr437 = fixProposed(3, "13:50", 437, draft3);
        var merged437 = fixApplied(3, "14:20", 437, SHA_437, "e6a4b1d5-f7b1-11f0-8de9-0242ac120002");
        var deployed437 = fixDeployed(3, "14:40", "deploy-d93e", SHA_437, "f7b5c2e6-f7b1-11f0-8de9-0242ac120002");
        var due3 = evaluationDue(3, 0, "14:40", "15:40", deployed437);
        var failed3 = evaluationCompleted(3, "15:41", "fail", 0,
                "Fail: the error's rate is 35.0/min after the fix against 0.0/min before the fault (at most 1.0)",
                40.0, 35.0, deployed437);
        return scenario("a failed evaluation in the tenant's last cycle, no reopen: NEEDS_HUMAN in cycle 3",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, PR_418), tl(1206, MERGED_418), tl(1207, DEPLOYED_418), ev(310, EVALUATION_DUE_1),
                        ev(311, EVALUATION_FAILED_1), tl(1208, REOPENED_2), tl(1209, context2), tl(1210, rootCause2),
                        tl(1211, draft2), tl(1212, pr431), tl(1213, merged431), tl(1214, deployed431), ev(312, due2),
                        ev(313, failed2), tl(1215, reopen3), tl(1216, context3), tl(1217, rootCause3), tl(1218, draft3),
                        tl(1219, pr437), tl(1220, merged437), tl(1221, deployed437), ev(314, due3), ev(315, failed3)),
                expect(NEEDS_HUMAN, 3).cycles(c(1, NEEDS_HUMAN), c(2, NEEDS_HUMAN), c(3, NEEDS_HUMAN))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1,
                                new Hypothesis(rootCause2.eventId(), 2, t("11:20"),
                                        "CartService.total dereferences a null discount when the promotions client times out",
                                        DEPENDENCY_TIMEOUT, 0.78, "0.3.1"),
                                new Hypothesis(rootCause3.eventId(), 3, t("13:44"),
                                        "CartService.total reads the cart total before the promotions response is merged",
                                        CODE_DEFECT, 0.69, "0.3.1"))
                        .fixDrafts(DRAFT_1_VIEW,
                                new FixDraft(draft2.eventId(), 2, t("11:24"),
                                        "Treat a missing discount as zero and lower the promotions timeout"),
                                new FixDraft(draft3.eventId(), 3, t("13:48"),
                                        "Await the promotions response before computing the total"))
                        .pullRequests(PR_418_DEPLOYED,
                                new PullRequest(FIX, "acme/checkout", 431, "https://github.com/acme/checkout/pull/431",
                                        t("11:26"), t("12:10"), SHA_431, t("12:30"), "deploy-c81d"),
                                new PullRequest(FIX, "acme/checkout", 437, "https://github.com/acme/checkout/pull/437",
                                        t("13:50"), t("14:20"), SHA_437, t("14:40"), "deploy-d93e"))
                        .evaluations(EVALUATION_FAILED_1_VIEW,
                                new Evaluation(failed2.eventId(), 2, t("13:31"), false, "fail",
                                        "Fail: the error's rate is 31.0/min after the fix against 0.0/min before the fault (at most 1.0)",
                                        Map.of("signature_count_before", 40.0, "signature_count_after", 31.0)),
                                new Evaluation(failed3.eventId(), 3, t("15:41"), false, "fail",
                                        "Fail: the error's rate is 35.0/min after the fix against 0.0/min before the fault (at most 1.0)",
                                        Map.of("signature_count_before", 40.0, "signature_count_after", 35.0)))
                        .counts("IncidentDetected", 1, "ContextBuilt", 3, "RootCauseProposed", 3, "FixDrafted", 3,
                                "FixProposed", 3, "FixApplied", 3, "FixDeployed", 3, "EvaluationDue", 3,
                                "EvaluationCompleted", 3, "InvestigationReopened", 2)
                        .firstSeen(3, "InvestigationReopened", "13:32", "ContextBuilt", "13:35", "RootCauseProposed", "13:44",
                                "FixDrafted", "13:48", "FixProposed", "13:50", "FixApplied", "14:20", "FixDeployed", "14:40",
                                "EvaluationDue", "15:40", "EvaluationCompleted", "15:41"));
    }

    // Cycle 1's fix judged over three ever longer windows (1 h, 2 h, 4 h from the deploy), too few requests in each.
    static final Event DUE_WINDOW_0 = evaluationDue(1, 0, "10:05", "11:05", DEPLOYED_418);
    static final Event DUE_WINDOW_1 = evaluationDue(1, 1, "10:05", "12:05", DEPLOYED_418);
    static final Event DUE_WINDOW_2 = evaluationDue(1, 2, "10:05", "14:05", DEPLOYED_418);
    static final Event INCONCLUSIVE_0 = evaluationCompleted(1, "11:06", "inconclusive", 0,
            "Inconclusive: 12 requests after the fix, fewer than 100.", 42.0, 0.0, DEPLOYED_418);
    static final Event INCONCLUSIVE_1 = evaluationCompleted(1, "12:06", "inconclusive", 1,
            "Inconclusive: 31 requests after the fix, fewer than 100.", 42.0, 1.0, DEPLOYED_418);
    static final Event INCONCLUSIVE_2 = evaluationCompleted(1, "14:06", "inconclusive", 2,
            "Inconclusive: 64 requests after the fix, fewer than 100.", 42.0, 1.0, DEPLOYED_418);
    static final Evaluation INCONCLUSIVE_0_VIEW = new Evaluation(INCONCLUSIVE_0.eventId(), 1, t("11:06"), false,
            "inconclusive", "Inconclusive: 12 requests after the fix, fewer than 100.",
            Map.of("signature_count_before", 42.0, "signature_count_after", 0.0));
    static final Evaluation INCONCLUSIVE_1_VIEW = new Evaluation(INCONCLUSIVE_1.eventId(), 1, t("12:06"), false,
            "inconclusive", "Inconclusive: 31 requests after the fix, fewer than 100.",
            Map.of("signature_count_before", 42.0, "signature_count_after", 1.0));
    static final Evaluation INCONCLUSIVE_2_VIEW = new Evaluation(INCONCLUSIVE_2.eventId(), 1, t("14:06"), false,
            "inconclusive", "Inconclusive: 64 requests after the fix, fewer than 100.",
            Map.of("signature_count_before", 42.0, "signature_count_after", 1.0));

    static Scenario threeInconclusiveEvaluationsNeedAHuman() {
        // The third inconclusive verdict (the longest window) ends the cycle like a fail; here no reopen follows.
        return scenario("three inconclusive evaluations in one cycle: NEEDS_HUMAN",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, PR_418), tl(1206, MERGED_418), tl(1207, DEPLOYED_418), ev(310, DUE_WINDOW_0),
                        ev(311, INCONCLUSIVE_0), ev(312, DUE_WINDOW_1), ev(313, INCONCLUSIVE_1), ev(314, DUE_WINDOW_2),
                        ev(315, INCONCLUSIVE_2)),
                expect(NEEDS_HUMAN, 1).cycles(c(1, NEEDS_HUMAN))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(PR_418_DEPLOYED)
                        .evaluations(INCONCLUSIVE_0_VIEW, INCONCLUSIVE_1_VIEW, INCONCLUSIVE_2_VIEW)
                        .counts("IncidentDetected", 1, "ContextBuilt", 1, "RootCauseProposed", 1, "FixDrafted", 1,
                                "FixProposed", 1, "FixApplied", 1, "FixDeployed", 1, "EvaluationDue", 3,
                                "EvaluationCompleted", 3));
    }

    static Scenario twoInconclusiveEvaluationsAwaitTheLongestWindow() {
        // Two inconclusive verdicts, the second delivered twice: a longer window is still to come, FIX_APPLIED.
        return scenario("two inconclusive evaluations (one delivered twice): still FIX_APPLIED",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, PR_418), tl(1206, MERGED_418), tl(1207, DEPLOYED_418), ev(310, DUE_WINDOW_0),
                        ev(311, INCONCLUSIVE_0), ev(312, DUE_WINDOW_1), ev(313, INCONCLUSIVE_1), ev(314, INCONCLUSIVE_1)),
                expect(FIX_APPLIED, 1).cycles(c(1, FIX_APPLIED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(PR_418_DEPLOYED)
                        .evaluations(INCONCLUSIVE_0_VIEW, INCONCLUSIVE_1_VIEW)
                        .counts("IncidentDetected", 1, "ContextBuilt", 1, "RootCauseProposed", 1, "FixDrafted", 1,
                                "FixProposed", 1, "FixApplied", 1, "FixDeployed", 1, "EvaluationDue", 2,
                                "EvaluationCompleted", 2));
    }

    static Scenario aPersonsConfirmationVoidsTheResolversReopen() {
        // The evaluation failed, but alice knows the remaining errors come from a load test and confirms the fix
        // (11:06:40); the resolver, which had not read her resolution yet, reopens (11:07). Her close stands: the
        // reopen is void, whichever of the two is read first (the reversed arrival reads the reopen last).
        var confirmed = resolvedByHuman(1, "11:06:40", "req-6b2e");
        return scenario("a person's confirmation of cycle 1 and the resolver's reopen: RESOLVED in cycle 1, reopen void",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, PR_418), tl(1206, MERGED_418), tl(1207, DEPLOYED_418), ev(310, EVALUATION_DUE_1),
                        ev(311, EVALUATION_FAILED_1), tl(1208, confirmed), tl(1209, REOPENED_2)),
                expect(RESOLVED, 1).cycles(c(1, RESOLVED), c(2, REOPENED)).reopenVoid(1)
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(PR_418_DEPLOYED)
                        .evaluations(EVALUATION_FAILED_1_VIEW)
                        .counts("IncidentDetected", 1, "ContextBuilt", 1, "RootCauseProposed", 1, "FixDrafted", 1,
                                "FixProposed", 1, "FixApplied", 1, "FixDeployed", 1, "EvaluationDue", 1,
                                "EvaluationCompleted", 1, "IncidentResolved", 1, "InvestigationReopened", 1)
                        .firstSeen(1, "IncidentDetected", "09:00", "ContextBuilt", "09:02", "RootCauseProposed", "09:05",
                                "FixDrafted", "09:08", "FixProposed", "09:10", "FixApplied", "09:40", "FixDeployed", "10:05",
                                "EvaluationDue", "11:05", "EvaluationCompleted", "11:06", "IncidentResolved", "11:06:40")
                        .firstSeen(2, "InvestigationReopened", "11:07"));
    }

    static Scenario aPersonsSuppressionVoidsTheResolversReopen() {
        // The same with a suppression by a person (not the context builder's rule); the dispatcher had already asked
        // for cycle 2's context: the request is counted, cycle 2 listed, the incident stays SUPPRESSED in cycle 1.
        var suppressed = suppressedByHuman(1, "11:06:40", "the remaining errors come from the checkout load test",
                "alice", "req-6b2f");
        var context2Requested = taskRequested(2, "11:07:05", EventType.CONTEXT_BUILT, EventType.INVESTIGATION_REOPENED,
                CONTEXT_BUILDER, "context-builder", TL, 1209, REOPENED_2);
        return scenario("a person's suppression of cycle 1 and the resolver's reopen: SUPPRESSED in cycle 1, reopen void",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, PR_418), tl(1206, MERGED_418), tl(1207, DEPLOYED_418), ev(310, EVALUATION_DUE_1),
                        ev(311, EVALUATION_FAILED_1), tl(1208, suppressed), tl(1209, REOPENED_2),
                        in(5310, context2Requested)),
                expect(SUPPRESSED, 1).cycles(c(1, SUPPRESSED), c(2, REOPENED)).reopenVoid(1)
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(PR_418_DEPLOYED)
                        .evaluations(EVALUATION_FAILED_1_VIEW)
                        .counts("IncidentDetected", 1, "ContextBuilt", 1, "RootCauseProposed", 1, "FixDrafted", 1,
                                "FixProposed", 1, "FixApplied", 1, "FixDeployed", 1, "EvaluationDue", 1,
                                "EvaluationCompleted", 1, "IncidentSuppressed", 1, "InvestigationReopened", 1,
                                "TaskRequested", 1)
                        .firstSeen(2, "InvestigationReopened", "11:07", "TaskRequested", "11:07:05"));
    }

    static Scenario aPersonsReopenAfterAPersonsResolutionIsNotVoid() {
        // Dana resolved cycle 1 by hand right after merging; at 14:20 she reopens it herself: never void.
        var resolved = resolvedByHuman(1, "09:45", "req-1c52");
        var reopen = reopenedByHuman(2, "14:20", "the NullPointerException is back after deploy 77aa0c1", "req-1c53");
        return scenario("a person's reopen after a person's resolution: REOPENED in cycle 2",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, PR_418), tl(1206, MERGED_418), tl(1207, resolved), tl(1208, reopen)),
                expect(REOPENED, 2).cycles(c(1, RESOLVED), c(2, REOPENED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(new PullRequest(FIX, "acme/checkout", 418,
                                "https://github.com/acme/checkout/pull/418", t("09:10"), t("09:40"), SHA_418, null, null))
                        .counts("IncidentDetected", 1, "ContextBuilt", 1, "RootCauseProposed", 1, "FixDrafted", 1,
                                "FixProposed", 1, "FixApplied", 1, "IncidentResolved", 1, "InvestigationReopened", 1)
                        .firstSeen(2, "InvestigationReopened", "14:20"));
    }

    static Scenario aPersonReopensTheCycleWhoseResolverReopenWasVoid() {
        // Alice's confirmation voided the resolver's reopen; at 14:20 the errors are back and she reopens cycle 1
        // herself, into cycle 2: cycle 2 is current again, and cycle 1 still shows the resolver's reopen was void.
        var confirmed = resolvedByHuman(1, "11:06:40", "req-6b2e");
        var reopen = reopenedByHuman(2, "14:20", "the NullPointerException is back after the load test", "req-7a01");
        return scenario("a void resolver reopen, then a person's reopen of the same cycle: REOPENED in cycle 2",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, PR_418), tl(1206, MERGED_418), tl(1207, DEPLOYED_418), ev(310, EVALUATION_DUE_1),
                        ev(311, EVALUATION_FAILED_1), tl(1208, confirmed), tl(1209, REOPENED_2), tl(1210, reopen)),
                expect(REOPENED, 2).cycles(c(1, RESOLVED), c(2, REOPENED)).reopenVoid(1)
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(PR_418_DEPLOYED)
                        .evaluations(EVALUATION_FAILED_1_VIEW)
                        .counts("IncidentDetected", 1, "ContextBuilt", 1, "RootCauseProposed", 1, "FixDrafted", 1,
                                "FixProposed", 1, "FixApplied", 1, "FixDeployed", 1, "EvaluationDue", 1,
                                "EvaluationCompleted", 1, "IncidentResolved", 1, "InvestigationReopened", 2)
                        .firstSeen(2, "InvestigationReopened", "11:07"));
    }

    static Scenario suppressedIncidentReceivesALateRootCause() {
        var suppressed = suppressedByHuman(1, "09:04", "known issue: checkout load test in progress", "alice", "req-3f10");
        var lateRootCause = rootCause(1, "09:06", RCA, "Load test traffic sends carts without a discount field",
                CODE_DEFECT, 0.66);
        return scenario("a suppressed incident receives a late RootCauseProposed and stays SUPPRESSED",
                arrive(tl(1201, DETECTED_EVENT), in(5301, CONTEXT_REQUESTED), tl(1202, CONTEXT_1), in(5302, RCA_REQUESTED),
                        tl(1203, suppressed), tl(1204, lateRootCause)),
                expect(SUPPRESSED, 1).cycles(c(1, SUPPRESSED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(new Hypothesis(lateRootCause.eventId(), 1, t("09:06"),
                                "Load test traffic sends carts without a discount field", CODE_DEFECT, 0.66, "0.3.1"))
                        .counts("IncidentDetected", 1, "TaskRequested", 2, "ContextBuilt", 1, "IncidentSuppressed", 1,
                                "RootCauseProposed", 1)
                        .firstSeen(1, "IncidentDetected", "09:00", "TaskRequested", "09:00:05", "ContextBuilt", "09:02",
                                "IncidentSuppressed", "09:04", "RootCauseProposed", "09:06"));
    }

    static Scenario suppressedByTheContextBuildersRule() {
        // The context builder's output for this trigger is the suppression (design: ContextBuilt ↓ IncidentSuppressed).
        var suppressed = suppressedByRule(1, "09:01", "benign deploy transient: errors within 5 minutes of deploy 9f1c2ab",
                "deploy-window");
        return scenario("suppressed by the context builder's rule instead of a ContextBuilt",
                arrive(in(5301, CONTEXT_REQUESTED), tl(1201, DETECTED_EVENT), tl(1202, suppressed)),
                expect(SUPPRESSED, 1).cycles(c(1, SUPPRESSED))
                        .detection(DETECTED_BY_DETECTOR)
                        .counts("TaskRequested", 1, "IncidentDetected", 1, "IncidentSuppressed", 1));
    }

    static Scenario resolvedThenReopenedByAHuman() {
        var reopen = reopenedByHuman(2, "14:20", "the NullPointerException is back after deploy 77aa0c1", "req-9e4f");
        var context2Requested = taskRequested(2, "14:20:05", EventType.CONTEXT_BUILT, EventType.INVESTIGATION_REOPENED,
                CONTEXT_BUILDER, "context-builder", TL, 1209, reopen);
        return scenario("resolved, then a human's InvestigationReopened opens cycle 2",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, PR_418), tl(1206, MERGED_418), tl(1207, DEPLOYED_418), ev(310, EVALUATION_DUE_1),
                        ev(311, EVALUATION_PASSED_1), tl(1208, RESOLVED_1), tl(1209, reopen),
                        in(5310, context2Requested)),
                expect(REOPENED, 2).cycles(c(1, RESOLVED), c(2, REOPENED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(PR_418_DEPLOYED)
                        .evaluations(EVALUATION_PASSED_1_VIEW)
                        .counts("IncidentDetected", 1, "ContextBuilt", 1, "RootCauseProposed", 1, "FixDrafted", 1,
                                "FixProposed", 1, "FixApplied", 1, "FixDeployed", 1, "EvaluationDue", 1,
                                "EvaluationCompleted", 1, "IncidentResolved", 1, "InvestigationReopened", 1,
                                "TaskRequested", 1)
                        .firstSeen(2, "InvestigationReopened", "14:20", "TaskRequested", "14:20:05"));
    }

    // Two runs of one RCA task race after the lease expired during a slow model call. Same task key, so the same
    // event id and the same partition. Run 1 created its event at 09:05 but its write was retried and landed at
    // offset 1206; run 2 created its event at 09:07 and landed first, at offset 1203. The LOWEST OFFSET wins (not
    // the earliest time): every reader acts on run 2's payload.
    static final Event RUN_2_AT_1203 = rootCause(1, "09:07", RCA,
            "The promotions client times out and CartService.total dereferences the null discount",
            DEPENDENCY_TIMEOUT, 0.71);
    static final Event RUN_1_AT_1206 = rootCause(1, "09:05", RCA,
            "JWT_SECRET is not set in the checkout deployment since deploy 9f1c2ab", MISSING_CONFIG, 0.87);

    static Expected racingRunsExpectation() {
        return expect(ROOT_CAUSE_PROPOSED, 1).cycles(c(1, ROOT_CAUSE_PROPOSED))
                .detection(DETECTED_BY_DETECTOR)
                .hypotheses(new Hypothesis(RUN_2_AT_1203.eventId(), 1, t("09:07"),
                        "The promotions client times out and CartService.total dereferences the null discount",
                        DEPENDENCY_TIMEOUT, 0.71, "0.3.1"))
                .counts("IncidentDetected", 1, "ContextBuilt", 1, "TaskRequested", 1, "RootCauseProposed", 1)
                .firstSeen(1, "IncidentDetected", "09:00", "ContextBuilt", "09:02", "TaskRequested", "09:02:05",
                        "RootCauseProposed", "09:07");
    }

    static Scenario sameEventIdTwiceInOffsetOrderLowestOffsetWins() {
        sameId(RUN_1_AT_1206, RUN_2_AT_1203);
        return scenario("the same event id twice, arriving in offset order: the lower offset's payload wins",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), in(5302, RCA_REQUESTED), tl(1203, RUN_2_AT_1203),
                        tl(1206, RUN_1_AT_1206)),
                racingRunsExpectation());
    }

    static Scenario sameEventIdTwiceInReverseOrderLowestOffsetStillWins() {
        sameId(RUN_1_AT_1206, RUN_2_AT_1203);
        return scenario("the same event id twice, arriving in reverse offset order: the lower offset's payload wins",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), in(5302, RCA_REQUESTED), tl(1206, RUN_1_AT_1206),
                        tl(1203, RUN_2_AT_1203)),
                racingRunsExpectation());
    }

    static Scenario redeliveredRecordsAndARetriedWriteCountOnce() {
        // The consumer restarted before committing: ContextBuilt, RootCauseProposed and the TaskRequested come again
        // from the same offsets. The integration worker's write of FixProposed timed out and was retried: the same
        // event again at a higher offset.
        return scenario("re-delivered records (same offset) and a retried write (next offset) are counted once",
                arrive(tl(1201, DETECTED_EVENT), in(5301, CONTEXT_REQUESTED), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1),
                        in(5301, CONTEXT_REQUESTED), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, PR_418), tl(1206, PR_418)),
                expect(FIX_PROPOSED, 1).cycles(c(1, FIX_PROPOSED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(new PullRequest(FIX, "acme/checkout", 418,
                                "https://github.com/acme/checkout/pull/418", t("09:10"), null, null, null, null))
                        .counts("IncidentDetected", 1, "TaskRequested", 1, "ContextBuilt", 1, "RootCauseProposed", 1,
                                "FixDrafted", 1, "FixProposed", 1));
    }

    static Scenario onlyATaskRequestOnTheInternalTopicIsPending() {
        // The dispatcher has read the IncidentDetected and recorded its decision; the projection has read only the
        // internal topic so far. There are records, but no lifecycle fact: PENDING, and no detection to show.
        return scenario("only a TaskRequested on debugging.internal: PENDING",
                arrive(in(5301, CONTEXT_REQUESTED)),
                expect(PENDING, 1).cycles(c(1, PENDING))
                        .counts("TaskRequested", 1)
                        .firstSeen(1, "TaskRequested", "09:00:05"));
    }

    static Scenario cycle2TaskRequestArrivesBeforeTheReopenItFollows() {
        // The dispatcher has read REOPENED_2 (timeline offset 1208) and asked for cycle 2's context; the projection
        // reads the internal topic ahead of the timeline, so the TaskRequested of cycle 2 arrives first.
        // PENDING in cycle 2 is the honest answer: a record's cycle is causal (copied from its trigger), so a
        // cycle-2 record proves cycle 2 has been opened — showing cycle 1's NEEDS_HUMAN would be a stale status,
        // and showing REOPENED would claim a fact that has not been read. Nothing here uses arrival order: the
        // same set of records gives PENDING whatever the order.
        var context2Requested = taskRequested(2, "11:07:05", EventType.CONTEXT_BUILT, EventType.INVESTIGATION_REOPENED,
                CONTEXT_BUILDER, "context-builder", TL, 1208, REOPENED_2);
        return scenario("a cycle-2 TaskRequested arrives before the InvestigationReopened: PENDING in cycle 2",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, PR_418), tl(1206, MERGED_418), tl(1207, DEPLOYED_418), ev(310, EVALUATION_DUE_1),
                        ev(311, EVALUATION_FAILED_1), in(5310, context2Requested)),
                expect(PENDING, 2).cycles(c(1, NEEDS_HUMAN), c(2, PENDING))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(PR_418_DEPLOYED)
                        .evaluations(EVALUATION_FAILED_1_VIEW)
                        .counts("IncidentDetected", 1, "ContextBuilt", 1, "RootCauseProposed", 1, "FixDrafted", 1,
                                "FixProposed", 1, "FixApplied", 1, "FixDeployed", 1, "EvaluationDue", 1,
                                "EvaluationCompleted", 1, "TaskRequested", 1)
                        .firstSeen(2, "TaskRequested", "11:07:05"));
    }

    static Scenario cycle2TaskRequestThenTheReopenArrives() {
        var context2Requested = taskRequested(2, "11:07:05", EventType.CONTEXT_BUILT, EventType.INVESTIGATION_REOPENED,
                CONTEXT_BUILDER, "context-builder", TL, 1208, REOPENED_2);
        return scenario("the same, once the InvestigationReopened has arrived too: REOPENED in cycle 2",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, PR_418), tl(1206, MERGED_418), tl(1207, DEPLOYED_418), ev(310, EVALUATION_DUE_1),
                        ev(311, EVALUATION_FAILED_1), in(5310, context2Requested), tl(1208, REOPENED_2)),
                expect(REOPENED, 2).cycles(c(1, NEEDS_HUMAN), c(2, REOPENED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(PR_418_DEPLOYED)
                        .evaluations(EVALUATION_FAILED_1_VIEW)
                        .counts("IncidentDetected", 1, "ContextBuilt", 1, "RootCauseProposed", 1, "FixDrafted", 1,
                                "FixProposed", 1, "FixApplied", 1, "FixDeployed", 1, "EvaluationDue", 1,
                                "EvaluationCompleted", 1, "TaskRequested", 1, "InvestigationReopened", 1)
                        .firstSeen(2, "TaskRequested", "11:07:05", "InvestigationReopened", "11:07"));
    }

    static Scenario failuresOfEveryKind() {
        var dispatchFailed = event("09:02:06", 1, new Payload.DispatchFailed(CONTEXT_1.eventId(),
                        "queue acme-instrumentation-tasks does not exist", new Payload.RecordPosition("debugging.timeline", 0, 1)), DISPATCHER,
                taskKey(EventType.INSTRUMENTATION_PROPOSED, EventType.CONTEXT_BUILT, INSTRUMENTER, 1), CONTEXT_1.eventId());
        var runFailed1 = event("09:04", 1, new Payload.AgentRunFailed(RCA_TASK_KEY,
                "model answered invalid JSON: confidence is not a number", true), RCA, RCA_TASK_KEY + "/receive-1", null);
        var rejected = event("09:06", 1, new Payload.EventRejected(TL, 7, 1204,
                        "payload.confidence must be between 0 and 1, got 1.7", 1843,
                        "9b74c9897bac770ffc029102a200c5de7e7e6c1a1bf1b0b5c2e4d8d3a0e0b3c1",
                        "{\"event_id\":\"f1b03ecb-3d30-3915-9381-647b25aad26f\",\"schema_version\":1"), DISPATCHER,
                IdempotencyKey.rejection(TL, 7, 1204), null);
        var runFailed2 = event("09:09", 1, new Payload.AgentRunFailed(RCA_TASK_KEY, "model call timed out after 120 s",
                true), RCA, RCA_TASK_KEY + "/receive-2", null);
        var abandoned = event("09:30", 1, new Payload.TaskAbandoned(RCA_TASK_KEY, "rca", 5,
                "dead-lettered after 5 receives"), SWEEPER, RCA_TASK_KEY, null);
        return scenario("TaskAbandoned, AgentRunFailed, DispatchFailed and EventRejected are listed as failures",
                arrive(tl(1201, DETECTED_EVENT), in(5301, CONTEXT_REQUESTED), in(5302, RCA_REQUESTED), in(5303, dispatchFailed),
                        in(5304, runFailed1), in(5305, rejected), in(5306, runFailed2), in(5307, abandoned),
                        tl(1202, CONTEXT_1)),
                expect(CONTEXT_BUILT, 1).cycles(c(1, CONTEXT_BUILT))
                        .detection(DETECTED_BY_DETECTOR)
                        .failures(
                                new Failure(dispatchFailed.eventId(), 1, t("09:02:06"), DISPATCH_FAILED,
                                        "queue acme-instrumentation-tasks does not exist"),
                                new Failure(runFailed1.eventId(), 1, t("09:04"), AGENT_RUN_FAILED,
                                        "acme/inc-2026-0142/RootCauseProposed/ContextBuilt/0.3.1/cycle-1: "
                                                + "model answered invalid JSON: confidence is not a number"),
                                new Failure(rejected.eventId(), 1, t("09:06"), EVENT_REJECTED,
                                        "debugging.timeline/7@1204: payload.confidence must be between 0 and 1, got 1.7"),
                                new Failure(runFailed2.eventId(), 1, t("09:09"), AGENT_RUN_FAILED,
                                        "acme/inc-2026-0142/RootCauseProposed/ContextBuilt/0.3.1/cycle-1: "
                                                + "model call timed out after 120 s"),
                                new Failure(abandoned.eventId(), 1, t("09:30"), TASK_ABANDONED,
                                        "rca task acme/inc-2026-0142/RootCauseProposed/ContextBuilt/0.3.1/cycle-1 "
                                                + "abandoned after 5 receives: dead-lettered after 5 receives"))
                        .counts("IncidentDetected", 1, "TaskRequested", 2, "DispatchFailed", 1, "AgentRunFailed", 2,
                                "EventRejected", 1, "TaskAbandoned", 1, "ContextBuilt", 1));
    }

    static Scenario manualAndDetectorDetectionsTheEarliestIsShown() {
        // Support opened the incident by hand at 08:52; the detector's episode fact (09:00) arrives first.
        var manual = event("08:52", 1, new Payload.IncidentDetected("checkout", null, 0, "manual", t("08:45"), Map.of(),
                        "manual", "Checkout returns 500 for carts with promotions"), CONSOLE,
                IdempotencyKey.clientRequest(TENANT, "req-2b91"), null);
        return scenario("a manual IncidentDetected and the detector's: the detection is the earliest",
                arrive(tl(1201, DETECTED_EVENT), in(5301, CONTEXT_REQUESTED), tl(1202, manual)),
                expect(DETECTED, 1).cycles(c(1, DETECTED))
                        .detection(new Detection("checkout", null, "manual", "manual",
                                "Checkout returns 500 for carts with promotions", t("08:45"), t("08:52")))
                        .counts("IncidentDetected", 2, "TaskRequested", 1)
                        .firstSeen(1, "IncidentDetected", "08:52", "TaskRequested", "09:00:05"));
    }

    static Scenario deploysAreMatchedToPullRequestsByMergeCommitAcrossCycles() {
        // Cycle 1's PR #418 was deployed by deploy-5b7e and failed evaluation. Cycle 2's PR #431 is merged as
        // SHA_431 and deployed by deploy-c81d — and the deploy fact arrives before the merge fact.
        var context2 = contextBuilt(2, "11:10");
        var rootCause2 = rootCause(2, "11:20", RCA,
                "CartService.total dereferences a null discount when the promotions client times out",
                DEPENDENCY_TIMEOUT, 0.78);
        var draft2 = fixDrafted(2, "11:24", "Treat a missing discount as zero and lower the promotions timeout", rootCause2);
        var pr431 = fixProposed(2, "11:26", 431, draft2);
        var merged431 = fixApplied(2, "12:10", 431, SHA_431, "c3d1e8a2-f7b1-11f0-8de9-0242ac120002");
        var deployed431 = fixDeployed(2, "12:30", "deploy-c81d", SHA_431, "d4e2f9b3-f7b1-11f0-8de9-0242ac120002");
        return scenario("FixDeployed is matched to its merged PR by merge commit sha, in each cycle",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, PR_418), tl(1206, MERGED_418), tl(1207, DEPLOYED_418), ev(310, EVALUATION_DUE_1),
                        ev(311, EVALUATION_FAILED_1), tl(1208, REOPENED_2), tl(1209, context2), tl(1210, rootCause2),
                        tl(1211, draft2), tl(1212, pr431), tl(1213, deployed431), tl(1214, merged431)),
                expect(FIX_APPLIED, 2).cycles(c(1, NEEDS_HUMAN), c(2, FIX_APPLIED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1,
                                new Hypothesis(rootCause2.eventId(), 2, t("11:20"),
                                        "CartService.total dereferences a null discount when the promotions client times out",
                                        DEPENDENCY_TIMEOUT, 0.78, "0.3.1"))
                        .fixDrafts(DRAFT_1_VIEW, new FixDraft(draft2.eventId(), 2, t("11:24"),
                                "Treat a missing discount as zero and lower the promotions timeout"))
                        .pullRequests(
                                new PullRequest(FIX, "acme/checkout", 418, "https://github.com/acme/checkout/pull/418",
                                        t("09:10"), t("09:40"), "3f786850e387550fdab836ed7e6dc881de23001b", t("10:05"),
                                        "deploy-5b7e"),
                                new PullRequest(FIX, "acme/checkout", 431, "https://github.com/acme/checkout/pull/431",
                                        t("11:26"), t("12:10"), "89e6c98d92887913cadf06b2adb97f26cde4849b", t("12:30"),
                                        "deploy-c81d"))
                        .evaluations(EVALUATION_FAILED_1_VIEW)
                        .counts("IncidentDetected", 1, "ContextBuilt", 2, "RootCauseProposed", 2, "FixDrafted", 2,
                                "FixProposed", 2, "FixApplied", 2, "FixDeployed", 2, "EvaluationDue", 1,
                                "EvaluationCompleted", 1, "InvestigationReopened", 1)
                        .firstSeen(2, "InvestigationReopened", "11:07", "ContextBuilt", "11:10", "RootCauseProposed",
                                "11:20", "FixDrafted", "11:24", "FixProposed", "11:26", "FixApplied", "12:10",
                                "FixDeployed", "12:30"));
    }

    static Scenario deployArrivesBeforeTheMergeWhichArrivesBeforeTheOpening() {
        // The deploy watcher saw deploy-5b7e (10:05) before GitHub's merge webhook, delayed by an outage, was
        // recorded (10:12); the integration worker's FixProposed (PR created 09:10) was written last.
        var lateMerge = fixApplied(1, "10:12", 418, SHA_418, "e5f3a0c4-f7b1-11f0-8de9-0242ac120002");
        return scenario("FixDeployed before FixApplied before FixProposed: one PR entry with all three facts",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, DEPLOYED_418), tl(1206, lateMerge), tl(1207, PR_418)),
                expect(FIX_APPLIED, 1).cycles(c(1, FIX_APPLIED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(new PullRequest(FIX, "acme/checkout", 418,
                                "https://github.com/acme/checkout/pull/418", t("09:10"), t("10:12"), SHA_418,
                                t("10:05"), "deploy-5b7e"))
                        .counts("IncidentDetected", 1, "ContextBuilt", 1, "RootCauseProposed", 1, "FixDrafted", 1,
                                "FixDeployed", 1, "FixApplied", 1, "FixProposed", 1));
    }

    static Scenario instrumentationPullRequestBesideAFixPullRequest() {
        // The context lacks request and trace ids: the instrumentation agent proposes logging them (PR #420) while
        // the RCA/fix route opens PR #418.
        var context = contextBuilt(1, "09:02", "request_id", "trace_id");
        var proposal = instrumentationProposed(1, "09:04", EventType.CONTEXT_BUILT,
                "Log the request id and propagate trace ids through CartService", "request_id", "trace_id");
        var instrumentationPr = instrumentationPrOpened(1, "09:07", 420, proposal);
        return scenario("an INSTRUMENTATION pull request beside a FIX pull request",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, context), tl(1203, proposal), tl(1204, ROOT_CAUSE_1),
                        tl(1205, instrumentationPr), tl(1206, DRAFT_1), tl(1207, PR_418)),
                expect(FIX_PROPOSED, 1).cycles(c(1, FIX_PROPOSED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .instrumentation(new InstrumentationProposal(proposal.eventId(), 1, t("09:04"),
                                "Log the request id and propagate trace ids through CartService",
                                List.of("request_id", "trace_id")))
                        .pullRequests(
                                new PullRequest(FIX, "acme/checkout", 418, "https://github.com/acme/checkout/pull/418",
                                        t("09:10"), null, null, null, null),
                                new PullRequest(INSTRUMENTATION, "acme/checkout", 420,
                                        "https://github.com/acme/checkout/pull/420", t("09:07"), null, null, null, null))
                        .counts("IncidentDetected", 1, "ContextBuilt", 1, "InstrumentationProposed", 1,
                                "RootCauseProposed", 1, "InstrumentationPullRequestOpened", 1, "FixDrafted", 1,
                                "FixProposed", 1));
    }

    static Scenario aFixPullRequestClosedWithoutAMergeAndAnInstrumentationOneMerged() {
        // A reviewer closed the fix's PR #418 unmerged at 09:30 and merged the instrumentation PR #420 at 09:31: neither
        // is a FixApplied, so the status stays at FIX_PROPOSED; the closes arrive before the openings they follow.
        var context = contextBuilt(1, "09:02", "request_id");
        var proposal = instrumentationProposed(1, "09:04", EventType.CONTEXT_BUILT, "Log the request id", "request_id");
        var instrumentationPr = instrumentationPrOpened(1, "09:07", 420, proposal);
        var closed = event("09:30", 1, new Payload.PullRequestClosed(REPO, 418, "debugd/fix/acme/inc-1/cycle-1-v1", "fix", false,
                null, "dana"), GITHUB, IdempotencyKey.closed(TENANT, INCIDENT, 1, REPO, 418), null);
        var merged = event("09:31", 1, new Payload.PullRequestClosed(REPO, 420, "debugd/instrumentation/acme/inc-1/cycle-1-v1",
                "instrumentation", true, "4e1f0a9c3b2d", "dana"), GITHUB, IdempotencyKey.closed(TENANT, INCIDENT, 1, REPO, 420), null);
        return scenario("a FIX pull request closed unmerged and an INSTRUMENTATION one merged",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, context), tl(1203, closed), tl(1204, merged), tl(1205, proposal),
                        tl(1206, ROOT_CAUSE_1), tl(1207, instrumentationPr), tl(1208, DRAFT_1), tl(1209, PR_418)),
                expect(FIX_PROPOSED, 1).cycles(c(1, FIX_PROPOSED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .instrumentation(new InstrumentationProposal(proposal.eventId(), 1, t("09:04"), "Log the request id",
                                List.of("request_id")))
                        .pullRequests(
                                new PullRequest(FIX, "acme/checkout", 418, "https://github.com/acme/checkout/pull/418",
                                        t("09:10"), null, null, null, null, t("09:30")),
                                new PullRequest(INSTRUMENTATION, "acme/checkout", 420,
                                        "https://github.com/acme/checkout/pull/420", t("09:07"), t("09:31"), "4e1f0a9c3b2d", null,
                                        null, null))
                        .counts("IncidentDetected", 1, "ContextBuilt", 1, "InstrumentationProposed", 1,
                                "RootCauseProposed", 1, "InstrumentationPullRequestOpened", 1, "FixDrafted", 1,
                                "FixProposed", 1, "PullRequestClosed", 2));
    }

    static Scenario lowConfidenceLeadsToInstrumentationOnly() {
        // Below the tenant's threshold: no fix, an instrumentation PR. Opening it is a progress fact, not FixProposed.
        var lowConfidence = rootCause(1, "09:05", RCA, "No known pattern matches; the stack trace has no in-app frames",
                UNKNOWN, 0.22);
        var proposal = instrumentationProposed(1, "09:07", EventType.ROOT_CAUSE_PROPOSED,
                "Record in-app frames by enabling source maps for the checkout bundle", "stack_trace");
        var instrumentationPr = instrumentationPrOpened(1, "09:09", 421, proposal);
        return scenario("a low-confidence hypothesis and an instrumentation PR only: ROOT_CAUSE_PROPOSED",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, lowConfidence), tl(1204, proposal),
                        tl(1205, instrumentationPr)),
                expect(ROOT_CAUSE_PROPOSED, 1).cycles(c(1, ROOT_CAUSE_PROPOSED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(new Hypothesis(lowConfidence.eventId(), 1, t("09:05"),
                                "No known pattern matches; the stack trace has no in-app frames", UNKNOWN, 0.22, "0.3.1"))
                        .instrumentation(new InstrumentationProposal(proposal.eventId(), 1, t("09:07"),
                                "Record in-app frames by enabling source maps for the checkout bundle",
                                List.of("stack_trace")))
                        .pullRequests(new PullRequest(INSTRUMENTATION, "acme/checkout", 421,
                                "https://github.com/acme/checkout/pull/421", t("09:09"), null, null, null, null))
                        .counts("IncidentDetected", 1, "ContextBuilt", 1, "RootCauseProposed", 1,
                                "InstrumentationProposed", 1, "InstrumentationPullRequestOpened", 1));
    }

    static Scenario eventOfANewerSchemaVersionIsCountedButChangesNothing() {
        var key = IdempotencyKey.delivery(TENANT, "pager-bridge", "pb-77120");
        var somethingNew = new Event(IdempotencyKey.eventId("SomethingNew", key), 2, t("09:03"), TENANT, INCIDENT, 1,
                "SomethingNew", new Payload.Unknown(JSON.readTree("{\"severity\":\"sev2\",\"paged\":\"checkout-oncall\"}")),
                new Agent("pager-bridge", "2.0.0"), key, null);
        return scenario("an event of a newer schema version: unknownEvents 1, counted, status unaffected",
                arrive(tl(1203, somethingNew), tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1)),
                expect(CONTEXT_BUILT, 1).cycles(c(1, CONTEXT_BUILT))
                        .detection(DETECTED_BY_DETECTOR)
                        .counts("SomethingNew", 1, "IncidentDetected", 1, "ContextBuilt", 1)
                        .unknownEvents(1));
    }

    static Scenario resolvedAndSuppressedInOneCycleIsSuppressed() {
        // A human suppressed the incident at 09:30 (a duplicate) while the fix pipeline went on; the evaluation
        // passed and the resolver resolved it at 11:07, later in time and offset. Precedence, not recency: SUPPRESSED.
        var suppressed = suppressedByHuman(1, "09:30", "duplicate of inc-2026-0139", "bob", "req-4d6a");
        return scenario("RESOLVED and SUPPRESSED in one cycle: SUPPRESSED",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, DRAFT_1),
                        tl(1205, PR_418), tl(1206, suppressed), tl(1207, MERGED_418), tl(1208, DEPLOYED_418),
                        ev(310, EVALUATION_DUE_1), ev(311, EVALUATION_PASSED_1), tl(1209, RESOLVED_1)),
                expect(SUPPRESSED, 1).cycles(c(1, SUPPRESSED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(PR_418_DEPLOYED)
                        .evaluations(EVALUATION_PASSED_1_VIEW)
                        .counts("IncidentDetected", 1, "ContextBuilt", 1, "RootCauseProposed", 1, "FixDrafted", 1,
                                "FixProposed", 1, "IncidentSuppressed", 1, "FixApplied", 1, "FixDeployed", 1,
                                "EvaluationDue", 1, "EvaluationCompleted", 1, "IncidentResolved", 1));
    }

    static Scenario evaluationDueAndTaskRequestsAreOnlyCounted() {
        var fixRequested = taskRequested(1, "09:05:05", EventType.FIX_DRAFTED, EventType.ROOT_CAUSE_PROPOSED, FIXER,
                "fix", TL, 1203, ROOT_CAUSE_1);
        var evaluationRequested = taskRequested(1, "11:05:05", EventType.EVALUATION_COMPLETED, EventType.EVALUATION_DUE,
                EVALUATOR, "evaluation", EV, 310, EVALUATION_DUE_1);
        var retry = event("11:30", 1, new Payload.TaskRetryRequested(
                        taskKey(EventType.EVALUATION_COMPLETED, EventType.EVALUATION_DUE, EVALUATOR, 1), "alice", 2),
                CONSOLE, IdempotencyKey.clientRequest(TENANT, "req-61c3"), null);
        return scenario("EvaluationDue, TaskRequested and TaskRetryRequested are only counted",
                arrive(in(5301, CONTEXT_REQUESTED), tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), in(5302, RCA_REQUESTED),
                        tl(1203, ROOT_CAUSE_1), in(5303, fixRequested), tl(1204, DRAFT_1), tl(1205, PR_418),
                        tl(1206, MERGED_418), tl(1207, DEPLOYED_418), ev(310, EVALUATION_DUE_1),
                        in(5304, evaluationRequested), in(5305, retry)),
                expect(FIX_APPLIED, 1).cycles(c(1, FIX_APPLIED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(HYPOTHESIS_1)
                        .fixDrafts(DRAFT_1_VIEW)
                        .pullRequests(PR_418_DEPLOYED)
                        .counts("TaskRequested", 4, "IncidentDetected", 1, "ContextBuilt", 1, "RootCauseProposed", 1,
                                "FixDrafted", 1, "FixProposed", 1, "FixApplied", 1, "FixDeployed", 1,
                                "EvaluationDue", 1, "TaskRetryRequested", 1)
                        .firstSeen(1, "IncidentDetected", "09:00", "TaskRequested", "09:00:05", "ContextBuilt", "09:02",
                                "RootCauseProposed", "09:05", "FixDrafted", "09:08", "FixProposed", "09:10",
                                "FixApplied", "09:40", "FixDeployed", "10:05", "EvaluationDue", "11:05",
                                "TaskRetryRequested", "11:30"));
    }

    static Scenario hypothesesAreOrderedByCycleTimeAndEventId() {
        // During a rolling upgrade three RCA versions answered cycle 1: 0.4.0 at 09:04, 0.3.1 and 0.3.2 both at
        // 09:05. The tie is broken by event id: 0.3.2's is a144e543-…, 0.3.1's is f1b03ecb-… (the same order
        // whether UUIDs compare signed or unsigned). Cycle 2's hypothesis comes last. Arrival order is another.
        var canary = rootCause(1, "09:05", RCA_CANARY, "The promotions client times out under load", DEPENDENCY_TIMEOUT, 0.64);
        var next = rootCause(1, "09:04", RCA_NEXT, "The cart cache returns entries without prices since deploy 9f1c2ab",
                CODE_DEFECT, 0.58);
        var reopen = reopenedByHuman(2, "09:20", "three contradicting hypotheses; rebuild the context", "req-0a7e");
        var context2 = contextBuilt(2, "09:22");
        var rootCause2 = rootCause(2, "09:30", RCA, "CartService.total dereferences a null discount when the promotions client times out",
                DEPENDENCY_TIMEOUT, 0.78);
        return scenario("hypotheses are ordered by (cycle, time, event id), whatever the arrival order",
                arrive(tl(1201, DETECTED_EVENT), tl(1202, CONTEXT_1), tl(1203, ROOT_CAUSE_1), tl(1204, canary),
                        tl(1205, next), tl(1206, reopen), tl(1207, context2), tl(1208, rootCause2)).reversed(),
                expect(ROOT_CAUSE_PROPOSED, 2).cycles(c(1, ROOT_CAUSE_PROPOSED), c(2, ROOT_CAUSE_PROPOSED))
                        .detection(DETECTED_BY_DETECTOR)
                        .hypotheses(
                                new Hypothesis(next.eventId(), 1, t("09:04"),
                                        "The cart cache returns entries without prices since deploy 9f1c2ab",
                                        CODE_DEFECT, 0.58, "0.4.0"),
                                new Hypothesis(canary.eventId(), 1, t("09:05"),
                                        "The promotions client times out under load", DEPENDENCY_TIMEOUT, 0.64, "0.3.2"),
                                new Hypothesis(ROOT_CAUSE_1.eventId(), 1, t("09:05"),
                                        "JWT_SECRET is not set in the checkout deployment since deploy 9f1c2ab",
                                        MISSING_CONFIG, 0.87, "0.3.1"),
                                new Hypothesis(rootCause2.eventId(), 2, t("09:30"),
                                        "CartService.total dereferences a null discount when the promotions client times out",
                                        DEPENDENCY_TIMEOUT, 0.78, "0.3.1"))
                        .counts("IncidentDetected", 1, "ContextBuilt", 2, "RootCauseProposed", 4,
                                "InvestigationReopened", 1)
                        .firstSeen(1, "IncidentDetected", "09:00", "ContextBuilt", "09:02", "RootCauseProposed", "09:04"));
    }

    // --- the view of a list of arrivals -------------------------------------------------------------------------

    static IncidentView view(List<TimelineRecord> arrivals) {
        var history = new IncidentHistory(TENANT, INCIDENT);
        arrivals.forEach(history::add);
        return IncidentProjection.view(history);
    }

    // --- records ------------------------------------------------------------------------------------------------

    static TimelineRecord rec(String topic, int partition, long offset, Event event) {
        return new TimelineRecord(event, topic, partition, offset);
    }

    static TimelineRecord tl(long offset, Event event) {
        return rec(TL, P, offset, event);
    }

    static TimelineRecord ev(long offset, Event event) {
        return rec(EV, P, offset, event);
    }

    static TimelineRecord in(long offset, Event event) {
        return rec(IN, P, offset, event);
    }

    static Arrivals arrive(TimelineRecord... records) {
        return new Arrivals(List.of(records));
    }

    record Arrivals(List<TimelineRecord> records) {
        Arrivals reversed() {
            var copy = new ArrayList<>(records);
            Collections.reverse(copy);
            return new Arrivals(List.copyOf(copy));
        }
    }

    /** The two racing runs really share one event id: same type, same task key. */
    static void sameId(Event a, Event b) {
        if (!a.eventId().equals(b.eventId()) || a.equals(b)) {
            throw new IllegalStateException("the racing runs must share an event id and differ in payload");
        }
    }

    // --- events (inputs; realistic keys per ARCHITECTURE §3) ----------------------------------------------------

    /** 2026-03-02 at hh:mm or hh:mm:ss, UTC. */
    static Instant t(String time) {
        return Instant.parse("2026-03-02T" + (time.length() == 5 ? time + ":00" : time) + "Z");
    }

    static Event event(String time, int cycle, Payload payload, Agent agent, String key, UUID causation) {
        return Event.create(t(time), TENANT, INCIDENT, cycle, payload, agent, key, causation);
    }

    static String taskKey(EventType output, EventType trigger, Agent producer, int cycle) {
        return IdempotencyKey.task(TENANT, INCIDENT, output, trigger, producer.version(), cycle);
    }

    static Event detectedByDetector() {
        return event("09:00", 1, new Payload.IncidentDetected("checkout", "NullPointerException@CartService.total", 1,
                        "novelty", t("08:55"), Map.of("occurrences", 42.0, "baseline_per_hour", 0.0), "detector",
                        "NullPointerException in CartService.total after deploy 9f1c2ab"), DETECTOR,
                IdempotencyKey.episode(TENANT, "ep-checkout-7f3a"), null);
    }

    static Event taskRequested(int cycle, String time, EventType output, EventType trigger, Agent worker,
            String taskType, String triggerTopic, long triggerOffset, Event triggerEvent) {
        var key = taskKey(output, trigger, worker, cycle);
        return event(time, cycle, new Payload.TaskRequested(key, taskType, TENANT + "-" + taskType + "-tasks",
                        new Payload.RecordPosition(triggerTopic, P, triggerOffset), triggerEvent.eventId(),
                        "on-" + trigger.wireName(), Map.of("agent_version", worker.version())),
                DISPATCHER, key, triggerEvent.eventId());
    }

    static Event contextBuilt(int cycle, String time, String... missingSignals) {
        var trigger = cycle == 1 ? EventType.INCIDENT_DETECTED : EventType.INVESTIGATION_REOPENED;
        var context = new dev.debugd.timeline.RawJson("{\"service\":\"checkout\",\"deploy\":\"9f1c2ab\",\"logs\":"
                + "[\"java.lang.NullPointerException at CartService.total(CartService.java:88)\"]}");
        return event(time, cycle, new Payload.ContextBuilt(context, Arrays.asList(missingSignals)), CONTEXT_BUILDER,
                taskKey(EventType.CONTEXT_BUILT, trigger, CONTEXT_BUILDER, cycle), null);
    }

    static Event rootCause(int cycle, String time, Agent agent, String hypothesis, RootCauseCategory category,
            double confidence) {
        return event(time, cycle, new Payload.RootCauseProposed(hypothesis, category, confidence,
                        List.of("CartService.java:88 NullPointerException, 42 occurrences since 08:55"),
                        "4bf92f3577b34da6a3ce929d0e0e4736"), agent,
                taskKey(EventType.ROOT_CAUSE_PROPOSED, EventType.CONTEXT_BUILT, agent, cycle), null);
    }

    static Event fixDrafted(int cycle, String time, String summary, Event rootCause) {
        return event(time, cycle, new Payload.FixDrafted(summary,
                        "--- a/src/main/java/CartService.java\n+++ b/src/main/java/CartService.java\n", rootCause.eventId()),
                FIXER, taskKey(EventType.FIX_DRAFTED, EventType.ROOT_CAUSE_PROPOSED, FIXER, cycle), rootCause.eventId());
    }

    static Event fixProposed(int cycle, String time, int number, Event draft) {
        return event(time, cycle, new Payload.FixProposed(REPO, number, "https://github.com/acme/checkout/pull/" + number,
                draft.eventId()), GITHUB, taskKey(EventType.FIX_PROPOSED, EventType.FIX_DRAFTED, GITHUB, cycle),
                draft.eventId());
    }

    static Event fixApplied(int cycle, String time, int number, String sha, String deliveryId) {
        return event(time, cycle, new Payload.FixApplied(REPO, number, sha, "dana"), GITHUB,
                IdempotencyKey.delivery(TENANT, "github", deliveryId), null);
    }

    static Event fixDeployed(int cycle, String time, String deployHash, String sha, String deliveryId) {
        return event(time, cycle, new Payload.FixDeployed(deployHash, sha), GITHUB,
                IdempotencyKey.delivery(TENANT, "github", deliveryId), null);
    }

    static Event instrumentationProposed(int cycle, String time, EventType trigger, String summary,
            String... missingSignals) {
        return event(time, cycle, new Payload.InstrumentationProposed(summary, List.of(missingSignals),
                        "--- a/src/main/java/CartService.java\n+++ b/src/main/java/CartService.java\n"), INSTRUMENTER,
                taskKey(EventType.INSTRUMENTATION_PROPOSED, trigger, INSTRUMENTER, cycle), null);
    }

    static Event instrumentationPrOpened(int cycle, String time, int number, Event proposal) {
        return event(time, cycle, new Payload.InstrumentationPullRequestOpened(REPO, number,
                        "https://github.com/acme/checkout/pull/" + number, proposal.eventId()), GITHUB,
                taskKey(EventType.INSTRUMENTATION_PULL_REQUEST_OPENED, EventType.INSTRUMENTATION_PROPOSED, GITHUB, cycle),
                proposal.eventId());
    }

    static Event evaluationDue(int cycle, String windowStart, String windowEnd, Event deployed) {
        return event(windowEnd, cycle, new Payload.EvaluationDue(deployed.eventId(), t(windowStart), t(windowEnd)),
                RESOLVER, taskKey(EventType.EVALUATION_DUE, EventType.FIX_DEPLOYED, RESOLVER, cycle), deployed.eventId());
    }

    static Event evaluationCompleted(int cycle, String time, boolean passed, String assessment, double before,
            double after, Event deployed) {
        return event(time, cycle, new Payload.EvaluationCompleted(passed,
                        Map.of("signature_count_before", before, "signature_count_after", after), assessment,
                        deployed.eventId()), EVALUATOR,
                taskKey(EventType.EVALUATION_COMPLETED, EventType.EVALUATION_DUE, EVALUATOR, cycle), null);
    }

    /** The resolver's EvaluationDue of one of a cycle's observation windows (0, 1, 2), under the resolver's key. */
    static Event evaluationDue(int cycle, int window, String windowStart, String windowEnd, Event deployed) {
        return event(windowEnd, cycle, new Payload.EvaluationDue(deployed.eventId(), t(windowStart), t(windowEnd)),
                RESOLVER, IdempotencyKey.evaluationDue(TENANT, INCIDENT, cycle, window), deployed.eventId());
    }

    /**
     * An evaluation with a verdict ("pass", "fail", "inconclusive") and the rule that judged it, as the Evaluation
     * Agent records them now; each window's evaluation under a key of its own.
     */
    static Event evaluationCompleted(int cycle, String time, String verdict, int window, String assessment, double before,
            double after, Event deployed) {
        return event(time, cycle, new Payload.EvaluationCompleted(verdict.equals("pass"),
                        Map.of("signature_count_before", before, "signature_count_after", after), assessment,
                        deployed.eventId(), verdict, "builtin-evaluation-1"), EVALUATOR,
                taskKey(EventType.EVALUATION_COMPLETED, EventType.EVALUATION_DUE, EVALUATOR, cycle) + "/window-" + window,
                null);
    }

    static Event resolvedByResolver(int cycle, String time, Event evaluation) {
        return event(time, cycle, new Payload.IncidentResolved("evaluation_passed", evaluation.eventId()), RESOLVER,
                taskKey(EventType.INCIDENT_RESOLVED, EventType.EVALUATION_COMPLETED, RESOLVER, cycle), evaluation.eventId());
    }

    static Event resolvedByHuman(int cycle, String time, String requestId) {
        return event(time, cycle, new Payload.IncidentResolved("human", null), CONSOLE,
                IdempotencyKey.clientRequest(TENANT, requestId), null);
    }

    static Event suppressedByHuman(int cycle, String time, String reason, String who, String requestId) {
        return event(time, cycle, new Payload.IncidentSuppressed(reason, null, who), CONSOLE,
                IdempotencyKey.clientRequest(TENANT, requestId), null);
    }

    static Event suppressedByRule(int cycle, String time, String reason, String rule) {
        return event(time, cycle, new Payload.IncidentSuppressed(reason, rule, "suppression_rule"), CONTEXT_BUILDER,
                taskKey(EventType.INCIDENT_SUPPRESSED, EventType.INCIDENT_DETECTED, CONTEXT_BUILDER, cycle), null);
    }

    /** The resolver's reopen after a failed evaluation: the event carries the NEW cycle. */
    static Event reopenedByResolver(int newCycle, String time, String reason, Event evaluation) {
        return event(time, newCycle, new Payload.InvestigationReopened(reason, evaluation.eventId()), RESOLVER,
                taskKey(EventType.INVESTIGATION_REOPENED, EventType.EVALUATION_COMPLETED, RESOLVER, newCycle),
                evaluation.eventId());
    }

    static Event reopenedByHuman(int newCycle, String time, String reason, String requestId) {
        return event(time, newCycle, new Payload.InvestigationReopened(reason, null), CONSOLE,
                IdempotencyKey.clientRequest(TENANT, requestId), null);
    }

    // --- scenarios and their hand-written expectations ----------------------------------------------------------

    record Scenario(String name, List<TimelineRecord> arrivals, Expected expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Scenario scenario(String name, Arrivals arrivals, Expected expected) {
        return new Scenario(name, arrivals.records(), expected);
    }

    record CycleStatus(int cycle, IncidentStatus status) {}

    static CycleStatus c(int cycle, IncidentStatus status) {
        return new CycleStatus(cycle, status);
    }

    static Expected expect(IncidentStatus status, int cycle) {
        return new Expected(status, cycle);
    }

    /** The whole view, by hand; whatever is not set is expected empty (or null, or 0). */
    static final class Expected {
        private final IncidentStatus status;
        private final int cycle;
        private List<CycleStatus> cycles = List.of();
        private Detection detection;
        private List<Hypothesis> hypotheses = List.of();
        private List<FixDraft> fixDrafts = List.of();
        private List<InstrumentationProposal> instrumentation = List.of();
        private List<PullRequest> pullRequests = List.of();
        private List<Evaluation> evaluations = List.of();
        private List<Failure> failures = List.of();
        private Map<String, Integer> counts = Map.of();
        private int unknownEvents;
        private List<Integer> reopenVoid = List.of();
        private final Map<Integer, Map<String, Instant>> firstSeen = new TreeMap<>();

        Expected(IncidentStatus status, int cycle) {
            this.status = status;
            this.cycle = cycle;
        }

        Expected cycles(CycleStatus... cycles) {
            this.cycles = List.of(cycles);
            return this;
        }

        Expected detection(Detection detection) {
            this.detection = detection;
            return this;
        }

        Expected hypotheses(Hypothesis... hypotheses) {
            this.hypotheses = List.of(hypotheses);
            return this;
        }

        Expected fixDrafts(FixDraft... fixDrafts) {
            this.fixDrafts = List.of(fixDrafts);
            return this;
        }

        Expected instrumentation(InstrumentationProposal... instrumentation) {
            this.instrumentation = List.of(instrumentation);
            return this;
        }

        /** In any order: the spec orders no pull requests. */
        Expected pullRequests(PullRequest... pullRequests) {
            this.pullRequests = List.of(pullRequests);
            return this;
        }

        Expected evaluations(Evaluation... evaluations) {
            this.evaluations = List.of(evaluations);
            return this;
        }

        Expected failures(Failure... failures) {
            this.failures = List.of(failures);
            return this;
        }

        /** Wire name, count, wire name, count, … */
        Expected counts(Object... typeAndCount) {
            var map = new LinkedHashMap<String, Integer>();
            for (int i = 0; i < typeAndCount.length; i += 2) {
                if (map.put((String) typeAndCount[i], (Integer) typeAndCount[i + 1]) != null) {
                    throw new IllegalArgumentException("type " + typeAndCount[i] + " counted twice in the expectation");
                }
            }
            this.counts = Map.copyOf(map);
            return this;
        }

        /** The cycles whose reopen by the resolver is void (a person closed them), ascending. */
        Expected reopenVoid(Integer... cycles) {
            this.reopenVoid = List.of(cycles);
            return this;
        }

        Expected unknownEvents(int unknownEvents) {
            this.unknownEvents = unknownEvents;
            return this;
        }

        /** For one cycle, when each of its event types was first recorded: wire name, time, wire name, time, … */
        Expected firstSeen(int cycle, String... typeAndTime) {
            var map = new LinkedHashMap<String, Instant>();
            for (int i = 0; i < typeAndTime.length; i += 2) {
                map.put(typeAndTime[i], t(typeAndTime[i + 1]));
            }
            firstSeen.put(cycle, Map.copyOf(map));
            return this;
        }

        void check(IncidentView view) {
            SoftAssertions.assertSoftly(softly -> {
                softly.assertThat(view.tenantId()).as("tenant").isEqualTo(TENANT);
                softly.assertThat(view.incidentId()).as("incident").isEqualTo(INCIDENT);
                softly.assertThat(view.status()).as("status").isEqualTo(status);
                softly.assertThat(view.cycle()).as("cycle").isEqualTo(cycle);
                softly.assertThat(view.cycles().stream().map(v -> new CycleStatus(v.cycle(), v.status())).toList())
                        .as("cycles").containsExactlyElementsOf(cycles);
                softly.assertThat(view.cycles().stream().filter(CycleView::reopenVoid).map(CycleView::cycle).toList())
                        .as("cycles whose reopen by the resolver is void").containsExactlyElementsOf(reopenVoid);
                softly.assertThat(view.detection()).as("detection").isEqualTo(detection);
                softly.assertThat(view.hypotheses()).as("hypotheses").containsExactlyElementsOf(hypotheses);
                softly.assertThat(view.fixDrafts()).as("fix drafts").containsExactlyElementsOf(fixDrafts);
                softly.assertThat(view.instrumentation()).as("instrumentation").containsExactlyElementsOf(instrumentation);
                softly.assertThat(view.pullRequests()).as("pull requests")
                        .containsExactlyInAnyOrderElementsOf(pullRequests);
                softly.assertThat(view.evaluations()).as("evaluations").containsExactlyElementsOf(evaluations);
                softly.assertThat(view.failures()).as("failures").containsExactlyElementsOf(failures);
                softly.assertThat(view.counts()).as("counts").isEqualTo(counts);
                softly.assertThat(view.unknownEvents()).as("unknown events").isEqualTo(unknownEvents);
                firstSeen.forEach((n, expected) -> softly.assertThat(
                                view.cycles().stream().filter(v -> v.cycle() == n).map(CycleView::firstSeen).findFirst())
                        .as("first seen in cycle " + n).contains(expected));
            });
        }
    }
}
