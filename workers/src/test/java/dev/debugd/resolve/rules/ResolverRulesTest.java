package dev.debugd.resolve.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.agents.EvaluationAgent;
import dev.debugd.resolve.rules.ResolverRules.Sighting;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The resolver's decisions over hand-written histories: a merge, deploys reported or seen in the evidence, the windows
 * and their figures, verdicts. Times are minutes after T0; the tenant's wait is 30 min, its window 60 min, lateness 2.
 */
class ResolverRulesTest {

    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
    private static final String MERGE = "704138c5d2a1e0f9b8c7d6e5f4a3b2c1d0e9f8a7";
    private static final String DEPLOYED = "9c1e4b7a2d5f8e0b3c6a9d2f5e8b1c4a7d0e3f6b";
    private static final FixLoopSettings SETTINGS = new FixLoopSettings(Duration.ofMinutes(30), Duration.ofMinutes(60), 3,
            Duration.ofMinutes(2), "production");
    private static final Event.Agent WEBHOOKS = new Event.Agent("github-webhooks", "1");
    private static final Event.Agent PERSON = new Event.Agent("console", "1");
    private static final Event.Agent EVALUATION = new Event.Agent("evaluation", "1.0.0");

    private final ResolverState state = new ResolverState();

    private static Instant t(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private void fold(Event... events) {
        for (var event : events) {
            state.add(event);
        }
    }

    private static Event detected() {
        return Event.create(t(-20), "acme", "inc-1", 1, new Payload.IncidentDetected("checkout", "sig-npe", 1, "novelty", t(-25),
                Map.of(), "detector", "New error in checkout"), new Event.Agent("detector", "1"), "acme/episode/inc-1", null);
    }

    private static Event applied(int cycle, long at) {
        return Event.create(t(at), "acme", "inc-1", cycle, new Payload.FixApplied("acme/shop", cycle, MERGE, "octocat"), WEBHOOKS,
                "acme/inc-1/merge/acme/shop/pr-" + cycle + "/cycle-" + cycle, null);
    }

    private static Event deployment(long id, String environment, String sha, long at) {
        return Event.create(t(at), "acme", "_deployments", 1, new Payload.DeploymentSucceeded("acme/shop", environment, sha, id,
                "deployer"), WEBHOOKS, "acme/deployment/acme/shop/" + id, null);
    }

    private static Event completed(Event due, String verdict, long at) {
        var judged = EvaluationAgent.judge((Payload.EvaluationDue) due.payload());
        var payload = new Payload.EvaluationCompleted(verdict.equals("pass"), judged.metrics(), verdict + " by hand", judged.fixEventId(),
                verdict, "by-hand");
        return Event.create(t(at), due.tenantId(), due.incidentId(), due.cycle(), payload, EVALUATION,
                "acme/inc-1/EvaluationCompleted/EvaluationDue/1.0.0/cycle-" + due.cycle() + "/" + due.eventId(), due.eventId());
    }

    private ResolverState.Cycle open(int cycle) {
        return state.open().stream().filter(c -> c.number() == cycle).findFirst().orElseThrow();
    }

    /** A due at the window's watermark, with figures that judge as asked. */
    private Event due(int cycle, long now) {
        var window = ResolverRules.nextWindow(open(cycle), SETTINGS, t(now)).orElseThrow();
        var figures = EvaluationMetrics.of(new EvaluationMetrics.Counts(600, 1, Optional.of(0L)),
                new EvaluationMetrics.Counts(600, 1, Optional.of(0L)), window.length());
        var due = ResolverRules.evaluationDue(open(cycle), window, figures, SETTINGS);
        fold(due);
        return due;
    }

    @Test
    void aProductionDeployOfTheMergeIsTheFixDeployedAtItsTimeOnceHoweverOftenReported() {
        fold(detected(), applied(1, 0), deployment(7, "staging", DEPLOYED, 3), deployment(8, "production", DEPLOYED, 5),
                deployment(8, "production", DEPLOYED, 5), deployment(9, "production", DEPLOYED, 6));
        var cycle = open(1);

        var sightings = ResolverRules.sightings(cycle, SETTINGS, state.deployments("acme"), Map.of(), t(10));
        assertThat(sightings).as("staging does not count; one hash once, at its first report")
                .containsExactly(new Sighting(DEPLOYED, t(5)));
        var deployed = ResolverRules.fixDeployed(cycle, sightings, DEPLOYED::equals).orElseThrow();

        assertThat(deployed.payload()).isEqualTo(new Payload.FixDeployed(DEPLOYED, MERGE));
        assertThat(deployed.time()).isEqualTo(t(5));
        assertThat(deployed.cycle()).isEqualTo(1);
        assertThat(deployed.idempotencyKey()).isEqualTo("acme/inc-1/deployed/cycle-1/" + MERGE);
        assertThat(deployed.agent()).isEqualTo(ResolverRules.RESOLVER);
        fold(deployed);
        assertThat(ResolverRules.fixDeployed(open(1), sightings, DEPLOYED::equals)).as("decided once").isEmpty();
    }

    @Test
    void aDeployHashTheCodeHostDoesNotKnowCountsForNothingAndTheWindowStartsAtTheMerge() {
        fold(detected(), applied(1, 0));
        var cycle = open(1);
        var sightings = ResolverRules.sightings(cycle, SETTINGS, List.of(), Map.of("0badc0de", t(4), DEPLOYED, t(45)), t(50));
        assertThat(sightings).as("a deploy after the wait is not this fix's").containsExactly(new Sighting("0badc0de", t(4)));
        assertThat(ResolverRules.fixDeployed(cycle, sightings, hash -> false)).isEmpty();

        assertThat(ResolverRules.nextWindow(cycle, SETTINGS, t(31))).as("the wait and its lateness have not passed").isEmpty();
        assertThat(ResolverRules.nextWindow(cycle, SETTINGS, t(61))).as("the window's watermark has not passed").isEmpty();
        var window = ResolverRules.nextWindow(cycle, SETTINGS, t(62)).orElseThrow();
        assertThat(window).isEqualTo(new ResolverRules.Window(t(0), t(60), 0));
        assertThat(ResolverRules.before(state.detection("acme", "inc-1").orElseThrow(), window))
                .as("an equal window that ends where the fault began").isEqualTo(new ResolverRules.Window(t(-85), t(-25), 0));
    }

    @Test
    void theWindowAfterADeployStartsAtTheDeployAndItsEvaluationIsDueAtItsEndPlusTheLateness() {
        fold(detected(), applied(1, 0));
        var deployed = ResolverRules.fixDeployed(open(1), List.of(new Sighting(DEPLOYED, t(5))), hash -> true).orElseThrow();
        fold(deployed);
        assertThat(ResolverRules.nextWindow(open(1), SETTINGS, t(66))).isEmpty();
        var window = ResolverRules.nextWindow(open(1), SETTINGS, t(67)).orElseThrow();
        assertThat(window).isEqualTo(new ResolverRules.Window(t(5), t(65), 0));

        var figures = EvaluationMetrics.of(new EvaluationMetrics.Counts(3000, 6, Optional.of(0L)),
                new EvaluationMetrics.Counts(2900, 5, Optional.of(1L)), window.length());
        var due = ResolverRules.evaluationDue(open(1), window, figures, SETTINGS);

        assertThat(due.time()).isEqualTo(t(67));
        assertThat(due.causationEventId()).isEqualTo(deployed.eventId());
        var payload = (Payload.EvaluationDue) due.payload();
        assertThat(payload.fixEventId()).isEqualTo(open(1).applied().orElseThrow().eventId());
        assertThat(payload.windowStart()).isEqualTo(t(5));
        assertThat(payload.windowEnd()).isEqualTo(t(65));
        assertThat(payload.metrics()).containsEntry("requests_before", 3000.0).containsEntry("requests_after", 2900.0)
                .containsEntry("error_rate_before", 0.002).containsEntry("signature_per_minute_after", 0.0167)
                .containsEntry("window_minutes", 60.0);
        assertThat(payload.inconclusive()).isNull();
        fold(due);
        assertThat(ResolverRules.nextWindow(open(1), SETTINGS, t(500))).as("while the evaluation is under way").isEmpty();
    }

    @Test
    void aPassResolvesTheIncidentAndAFailReopensItForTheNextCycle() {
        fold(detected(), applied(1, 0));
        var due = due(1, 62);
        assertThat(ResolverRules.afterEvaluation(open(1), SETTINGS)).as("no verdict yet").isEmpty();
        var passed = completed(due, "pass", 63);
        fold(passed);
        var resolved = ResolverRules.afterEvaluation(open(1), SETTINGS).orElseThrow();
        assertThat(resolved.payload()).isEqualTo(new Payload.IncidentResolved("evaluation_passed", passed.eventId()));
        assertThat(resolved.time()).isEqualTo(t(63));
        assertThat(resolved.idempotencyKey()).isEqualTo("acme/inc-1/resolved/cycle-1");
        fold(resolved);
        assertThat(state.open()).as("a resolved cycle needs nothing more").isEmpty();

        var other = new ResolverState();
        for (var event : List.of(detected(), applied(1, 0), due, completed(due, "fail", 63))) {
            other.add(event);
        }
        var reopened = ResolverRules.afterEvaluation(other.open().get(0), SETTINGS).orElseThrow();
        assertThat(reopened.cycle()).isEqualTo(2);
        assertThat(reopened.idempotencyKey()).isEqualTo("acme/inc-1/reopened/from-cycle-1");
        assertThat(((Payload.InvestigationReopened) reopened.payload()).reason())
                .startsWith("the fix of cycle 1 failed its evaluation: fail by hand");
    }

    @Test
    void afterTheLastCycleAFailReopensNothingTheIncidentNeedsAHuman() {
        fold(detected(), applied(3, 0));
        fold(completed(due(3, 62), "fail", 63));
        assertThat(ResolverRules.afterEvaluation(open(3), SETTINGS)).isEmpty();
        assertThat(ResolverRules.nextWindow(open(3), SETTINGS, t(10_000))).as("and no other window").isEmpty();
    }

    @Test
    void thinFiguresWidenTheWindowTwiceThenReopen() {
        fold(detected(), applied(1, 0));
        var windows = new ArrayList<ResolverRules.Window>();
        long now = 62;
        for (int attempt = 0; attempt < ResolverRules.WINDOWS; attempt++) {
            var due = due(1, now);
            var payload = (Payload.EvaluationDue) due.payload();
            windows.add(new ResolverRules.Window(payload.windowStart(), payload.windowEnd(), attempt));
            assertThat(ResolverRules.afterEvaluation(open(1), SETTINGS)).isEmpty();
            fold(completed(due, "inconclusive", now + 1));
            now = Duration.between(T0, payload.windowStart().plus(SETTINGS.observationWindow().multipliedBy(2L << attempt))
                    .plus(SETTINGS.lateness())).toMinutes();
        }
        assertThat(windows).extracting(ResolverRules.Window::length)
                .containsExactly(Duration.ofMinutes(60), Duration.ofMinutes(120), Duration.ofMinutes(240));
        assertThat(windows).extracting(ResolverRules.Window::start).containsOnly(t(0));
        assertThat(ResolverRules.nextWindow(open(1), SETTINGS, t(100_000))).isEmpty();
        var reopened = ResolverRules.afterEvaluation(open(1), SETTINGS).orElseThrow();
        assertThat(((Payload.InvestigationReopened) reopened.payload()).reason()).contains("stayed inconclusive over its longest window");
    }

    @Test
    void aPersonsResolutionOrSuppressionStandsAMachineReopenIsNotMade() {
        fold(detected(), applied(1, 0));
        var cycle = open(1);
        var due = due(1, 62);
        fold(completed(due, "fail", 63));
        assertThat(ResolverRules.afterEvaluation(cycle, SETTINGS)).as("the machine would reopen").isPresent();

        fold(Event.create(t(64), "acme", "inc-1", 1, new Payload.IncidentSuppressed("noise", null, "alice"), PERSON,
                "acme/request/r-2", null));
        assertThat(ResolverRules.afterEvaluation(cycle, SETTINGS)).as("a person's suppression stands").isEmpty();
        assertThat(state.open()).isEmpty();

        var resolvedFirst = new ResolverState();
        for (var event : List.of(detected(), applied(1, 0), due, Event.create(t(62), "acme", "inc-1", 1,
                new Payload.IncidentResolved("human", null), PERSON, "acme/request/r-1", null), completed(due, "fail", 63))) {
            resolvedFirst.add(event);
        }
        assertThat(resolvedFirst.open()).as("a person's resolution read before the verdict").isEmpty();
    }

    @Test
    void replayingTheFactsItWroteDecidesNothingNew() {
        fold(detected(), applied(1, 0), deployment(8, "production", DEPLOYED, 5));
        var written = new ArrayList<Event>();
        var deployed = ResolverRules.fixDeployed(open(1), ResolverRules.sightings(open(1), SETTINGS, state.deployments("acme"), Map.of(),
                t(70)), hash -> true).orElseThrow();
        fold(deployed);
        written.add(deployed);
        var due = due(1, 67);
        written.add(due);
        var passed = completed(due, "pass", 68);
        fold(passed);
        var resolved = ResolverRules.afterEvaluation(open(1), SETTINGS).orElseThrow();
        written.add(resolved);

        var replayed = new ResolverState();
        for (var event : List.of(detected(), applied(1, 0), deployment(8, "production", DEPLOYED, 5), deployed, due, passed, resolved)) {
            replayed.add(event);
        }
        assertThat(replayed.open()).isEmpty();
        assertThat(Set.copyOf(written)).hasSize(3);
    }
}
