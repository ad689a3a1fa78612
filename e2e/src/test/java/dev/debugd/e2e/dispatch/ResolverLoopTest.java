package dev.debugd.e2e.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.debugd.context.CodeReader;
import dev.debugd.context.ContextBuilderWork;
import dev.debugd.context.PastIncidentSearch;
import dev.debugd.context.SentryContext;
import dev.debugd.context.EpisodeReader;
import dev.debugd.context.snapshot.ContextJson;
import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.e2e.ingest.IngestServer;
import dev.debugd.evidence.Evidence;
import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.RequestRecord;
import dev.debugd.ingest.IngestBody;
import dev.debugd.integrations.github.GitHubCodeHost;
import dev.debugd.integrations.github.GitHubCredentials;
import dev.debugd.integrations.github.GitHubPullRequests;
import dev.debugd.integrations.github.PullRequestHost;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import dev.debugd.resolve.Resolver;
import dev.debugd.resolve.ResolverEvidence;
import dev.debugd.signature.ErrorSignature;
import dev.debugd.standins.github.DemoRepository;
import dev.debugd.standins.github.GitHubStandIn;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.timeline.kafka.RecordedConfiguration;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.webhooks.RecordedIntegrations;
import dev.debugd.worker.BuiltinAgentWork;
import dev.debugd.worker.WorkerShell;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The fix loop closed on the real stack: evidence through the ingest API into ClickHouse, merges and deploys from the
 * GitHub stand-in through the signed webhooks, the resolver on Kafka, the dispatcher and the builtin Evaluation Agent.
 * A fix that stops its error is deployed, evaluated on the evidence after it and resolves its incident; a fix that
 * does not reopens its incident for a second cycle, whose failing fix then leaves it to a human (maxCycles 2), and
 * nothing more is dispatched; a resolver started again from offset 0 writes nothing. The resolver's clock is the
 * test's: it is moved past each window's watermark instead of waiting for it.
 */
class ResolverLoopTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final WorkerShell.AfterOutput NOTHING = task -> { };
    private static final String SECRET = "whsec-resolver-7d2c91";
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final Duration LATENESS = IngestServer.GRID.lateness();

    private final IngestBody bodies = new IngestBody();

    private static String tenant() {
        return "{'apiVersion':'debugd.dev/v1alpha1','kind':'Tenant','metadata':{'name':'acme'},'spec':{'confidenceThreshold':0.7,"
                + "'fixLoop':{'deployWait':'30s','observationWindow':'60s','maxCycles':2}}}";
    }

    private static String integration(URI apiUrl) {
        return "{'apiVersion':'debugd.dev/v1alpha1','kind':'Integration','metadata':{'name':'acme-github'},'spec':{'tenant':"
                + "'acme','type':'github','repository':'acme/shop','apiUrl':'" + apiUrl + "','webhookSecret':{'name':"
                + "'acme-github','key':'webhook'}}}";
    }

    private static Optional<String> secret(SecretKeyRef ref) {
        return ref.equals(new SecretKeyRef("acme-github", "webhook")) ? Optional.of(SECRET) : Optional.empty();
    }

    private static ExceptionEvent npe(Instant at, String service, String deploy) {
        return new ExceptionEvent(at, service, "/" + service + "/pay", deploy, "", "", "java.lang.NullPointerException",
                "Cannot invoke \"Coupon.discount()\" because \"coupon\" is null",
                List.of(new ExceptionEvent.Frame("shop." + service + ".Coupons", "apply", "Coupons.java", 88, true)), List.of());
    }

    /**
     * One request a second of each service from {@code from} for {@code length}, all answered, and as many of the
     * service's exceptions as {@code failing} says; sent bucket by bucket through the ingest API, each when its bucket
     * ends (the API's clock set there), so nothing is late.
     */
    private void traffic(IngestServer api, Instant from, Duration length, String deploy, Map<String, Boolean> failing)
            throws Exception {
        var grid = IngestServer.GRID;
        for (long bucket = grid.bucketOf(from); grid.start(bucket).isBefore(from.plus(length)); bucket++) {
            var requests = new ArrayList<RequestRecord>();
            var exceptions = new ArrayList<ExceptionEvent>();
            for (var at = grid.start(bucket); at.isBefore(grid.end(bucket)); at = at.plusSeconds(1)) {
                if (at.isBefore(from) || !at.isBefore(from.plus(length))) {
                    continue;
                }
                for (var service : failing.keySet()) {
                    requests.add(new RequestRecord(at, service, "/" + service + "/pay", 200, 40, deploy, "r-" + service + at, ""));
                    if (failing.get(service)) {
                        exceptions.add(npe(at, service, deploy));
                    }
                }
            }
            api.clock.set(grid.end(bucket).plusSeconds(1));
            var response = api.post(api.base, "/v1/ingest", HttpRequest.BodyPublishers.ofByteArray(bodies.encode(
                    "resolver-" + deploy.substring(0, 8) + "-" + bucket + "-" + failing.hashCode(),
                    new Evidence(List.of(), exceptions, requests))), "Authorization", api.bearer());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
    }

    private static Event detected(String incident, String service, Instant episodeStart, int signatureVersion) {
        // Detected as the detector would: once the fault's first buckets are past their watermark.
        return Event.create(episodeStart.plusSeconds(50), "acme", incident, 1, new Payload.IncidentDetected(service,
                ErrorSignature.of(npe(episodeStart, service, "")), signatureVersion, "novelty", episodeStart, Map.of(), "detector",
                null),
                Loop.DETECTOR, IdempotencyKey.episode("acme", incident), null);
    }

    private static List<Event> facts(Loop loop, Class<? extends Payload> type, String incident) {
        return loop.history().stream().map(TimelineRecord::event).filter(e -> type.isInstance(e.payload()))
                .filter(e -> e.incidentId().equals(incident)).toList();
    }

    /** A fix branch of ours for the cycle, opened and merged on the stand-in (whose webhook records the FixApplied). */
    private static String merge(GitHubStandIn github, DemoRepository repository, String incident, int cycle) throws Exception {
        var host = GitHubPullRequests.connect(github.apiUrl(), "acme/shop", new GitHubCredentials.Anonymous());
        var opened = host.open(new PullRequestHost.Change("debugd/fix/acme/" + incident + "/cycle-" + cycle + "-v1",
                repository.faultyRelease(), Map.of("notes/" + incident + "-" + cycle + ".md", "A fix.\n"), "fix", "Fix", "body"));
        return github.merge(opened.number()).merge().orElseThrow().commitSha();
    }

    @Test
    void aFixThatHoldsResolvesItsIncidentAndOneThatDoesNotReopensItUntilAHumanIsNeeded() throws Exception {
        var repository = DemoRepository.build();
        try (var github = GitHubStandIn.start(repository, 0);
                var loop = new Loop(Duration.ofSeconds(2), Duration.ofSeconds(30), 6);
                var api = new IngestServer();
                var configuration = new RecordedConfiguration(loop.endpoints.kafka(), loop.topics.topics,
                        new Event.Agent("resolver", "test"))) {
            var start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            loop.configure(start.minusSeconds(3600), tenant(), Loop.agent("acme", "rca", "1.0.0"), Loop.agent("acme", "fix", "1.0.0"),
                    Loop.agent("acme", "instrumentation", "1.0.0"), Loop.agent("acme", "evaluation", "1.0.0"),
                    integration(github.apiUrl()));
            var server = api.start(api.clickhouse, loop.writer::writeAll, new RecordedIntegrations(new RecordedConfiguration(
                    loop.endpoints.kafka(), loop.topics.topics, new Event.Agent("api", "test")), ResolverLoopTest::secret,
                    Clock.systemUTC()));
            github.deliverWebhooksTo(URI.create("http://127.0.0.1:" + server.port() + "/v1/webhooks/github/acme-github"), SECRET);
            loop.startDispatcher(step -> { });
            // The platform's context builder on this test's evidence, and the builtin agents.
            loop.worker("acme", TaskType.CONTEXT_BUILDER, "1", new ContextBuilderWork(new EpisodeReader(api.clickhouse,
                    IngestServer.GRID), new CodeReader(GitHubCodeHost::connect, ResolverLoopTest::secret), tenant -> {
                        configuration.catchUp();
                        return configuration.history(tenant);
                    }, PastIncidentSearch.NONE, SentryContext.NONE), NOTHING);
            for (var type : List.of(TaskType.RCA, TaskType.FIX, TaskType.INSTRUMENTATION, TaskType.EVALUATION)) {
                loop.worker("acme", type, "1.0.0", new BuiltinAgentWork(), NOTHING);
            }
            var now = new AtomicReference<>(start);
            var resolver = new Resolver(new TimelineReader(loop.endpoints.kafka(), loop.topics.topics, new Event.Agent("resolver",
                    "test"), 500, EventCodec.Contexts.CHECKED_ONLY), tenant -> {
                        configuration.catchUp();
                        return configuration.history(tenant);
                    }, new ResolverEvidence(api.clickhouse), ResolverLoopTest::secret, GitHubCodeHost::connect, loop.writer::writeAll,
                    LATENESS, now::get);

            // Two minutes before the test's start, both services were healthy; from one minute before, both fail.
            var faultStart = start.minus(WINDOW);
            // The fault began with the faulty release, so cycle 1's hypothesis is a code defect.
            var previous = repository.releases().get(repository.releases().size() - 2);
            traffic(api, faultStart.minus(WINDOW), WINDOW, previous, Map.of("checkout", false, "payments", false));
            traffic(api, faultStart, WINDOW, repository.faultyRelease(), Map.of("checkout", true, "payments", true));
            // As the detector reports them, with the signature version the API signed them with.
            int version = (int) api.count("SELECT max(signature_version) AS v FROM exceptions");
            loop.writer.writeAll(List.of(detected("inc-pass", "checkout", faultStart, version),
                    detected("inc-fail", "payments", faultStart, version)));
            loop.pumpUntil(() -> facts(loop, Payload.RootCauseProposed.class, "inc-fail").size() == 1, PATIENCE,
                    "cycle 1 names a root cause");
            var firstCause = (Payload.RootCauseProposed) facts(loop, Payload.RootCauseProposed.class, "inc-fail").get(0).payload();
            assertThat(firstCause.category()).isEqualTo(RootCauseCategory.CODE_DEFECT);

            // Both fixes merged, and the merge deployed to production: the deployment_status webhook is kept.
            var passMerge = merge(github, repository, "inc-pass", 1);
            var failMerge = merge(github, repository, "inc-fail", 1);
            var deployed = github.deploy(failMerge, "production"); // the later merge's commit contains both
            await().atMost(PATIENCE).until(() -> facts(loop, Payload.FixApplied.class, "inc-pass").size() == 1
                    && facts(loop, Payload.FixApplied.class, "inc-fail").size() == 1
                    && !facts(loop, Payload.DeploymentSucceeded.class, "_deployments").isEmpty());

            // The deploy is final once its lateness passed: each cycle's FixDeployed, at the deploy's time.
            now.set(deployed.at().plus(LATENESS));
            var written = resolver.runOnce();
            assertThat(written).extracting(Event::eventType).containsExactly("FixDeployed", "FixDeployed");
            assertThat(written).extracting(Event::payload).containsExactlyInAnyOrder(new Payload.FixDeployed(failMerge, passMerge),
                    new Payload.FixDeployed(failMerge, failMerge));
            assertThat(written).extracting(Event::time).containsOnly(deployed.at());

            // After the deploy: checkout answers without its error, payments still throws it.
            traffic(api, deployed.at(), WINDOW, failMerge, Map.of("checkout", false, "payments", true));
            assertThat(resolver.runOnce()).as("the window's watermark has not passed").isEmpty();
            now.set(deployed.at().plus(WINDOW).plus(LATENESS));
            var dues = resolver.runOnce();
            assertThat(dues).extracting(Event::eventType).containsOnly("EvaluationDue").hasSize(2);
            var passDue = (Payload.EvaluationDue) dues.stream().filter(e -> e.incidentId().equals("inc-pass")).findFirst()
                    .orElseThrow().payload();
            assertThat(passDue.windowStart()).isEqualTo(deployed.at());
            assertThat(passDue.windowEnd()).isEqualTo(deployed.at().plus(WINDOW));
            assertThat(passDue.metrics()).containsEntry("requests_before", 60.0).containsEntry("requests_after", 60.0)
                    .containsEntry("signature_per_minute_before", 0.0).containsEntry("signature_per_minute_after", 0.0);
            var failDue = (Payload.EvaluationDue) dues.stream().filter(e -> e.incidentId().equals("inc-fail")).findFirst()
                    .orElseThrow().payload();
            assertThat(failDue.metrics()).containsEntry("signature_per_minute_after", 60.0);

            // The dispatcher sends each to the Evaluation Agent; the resolver acts on the verdicts.
            loop.pumpUntil(() -> facts(loop, Payload.EvaluationCompleted.class, "inc-pass").size() == 1
                    && facts(loop, Payload.EvaluationCompleted.class, "inc-fail").size() == 1, PATIENCE, "both fixes are judged");
            assertThat(((Payload.EvaluationCompleted) facts(loop, Payload.EvaluationCompleted.class, "inc-pass").get(0).payload())
                    .verdict()).isEqualTo("pass");
            assertThat(((Payload.EvaluationCompleted) facts(loop, Payload.EvaluationCompleted.class, "inc-fail").get(0).payload())
                    .verdict()).isEqualTo("fail");
            var verdicts = resolver.runOnce();
            assertThat(verdicts).extracting(Event::eventType).containsExactlyInAnyOrder("IncidentResolved", "InvestigationReopened");
            var reopened = verdicts.stream().filter(e -> e.payload() instanceof Payload.InvestigationReopened).findFirst().orElseThrow();
            assertThat(reopened.incidentId()).isEqualTo("inc-fail");
            assertThat(reopened.cycle()).isEqualTo(2);
            assertThat(verdicts.stream().filter(e -> e.payload() instanceof Payload.IncidentResolved).findFirst().orElseThrow()
                    .incidentId()).isEqualTo("inc-pass");
            assertThat(((Payload.InvestigationReopened) reopened.payload()).earlierCycles()).singleElement().satisfies(earlier -> {
                assertThat(earlier.cycle()).isEqualTo(1);
                assertThat(earlier.category()).isEqualTo(firstCause.category().wire());
                assertThat(earlier.verdict()).isEqualTo("fail");
            });
            // The second cycle works from a new context that carries the first, and proposes another hypothesis.
            loop.pumpUntil(() -> facts(loop, Payload.RootCauseProposed.class, "inc-fail").stream().anyMatch(e -> e.cycle() == 2),
                    PATIENCE, "cycle 2 names a root cause");
            var secondContext = facts(loop, Payload.ContextBuilt.class, "inc-fail").stream().filter(e -> e.cycle() == 2).findFirst()
                    .orElseThrow();
            var carried = ContextJson.read(((Payload.ContextBuilt) secondContext.payload()).context().json());
            assertThat(carried.incident().cycle()).isEqualTo(2);
            assertThat(carried.incident().service()).isEqualTo("payments");
            assertThat(carried.earlierCycles()).extracting(Payload.EarlierCycle::category).containsExactly(firstCause.category().wire());
            assertThat(carried.window().to()).as("the evidence after the fix is in it").isAfter(deployed.at());
            var secondCause = (Payload.RootCauseProposed) facts(loop, Payload.RootCauseProposed.class, "inc-fail").stream()
                    .filter(e -> e.cycle() == 2).findFirst().orElseThrow().payload();
            assertThat(secondCause.category()).isNotEqualTo(firstCause.category());

            // Cycle 2's fix fails too: the tenant's last cycle, so it needs a human and nothing more is dispatched.
            var secondMerge = merge(github, repository, "inc-fail", 2);
            var redeployed = github.deploy(secondMerge, "production");
            await().atMost(PATIENCE).until(() -> facts(loop, Payload.FixApplied.class, "inc-fail").size() == 2);
            traffic(api, redeployed.at(), WINDOW, secondMerge, Map.of("checkout", false, "payments", true));
            now.set(redeployed.at().plus(LATENESS));
            await().atMost(PATIENCE).until(() -> resolver.runOnce().stream().anyMatch(e -> e.payload() instanceof Payload.FixDeployed));
            now.set(redeployed.at().plus(WINDOW).plus(LATENESS));
            assertThat(resolver.runOnce()).extracting(Event::eventType).containsExactly("EvaluationDue");
            loop.pumpUntil(() -> facts(loop, Payload.EvaluationCompleted.class, "inc-fail").size() == 2, PATIENCE, "cycle 2 is judged");
            assertThat(resolver.runOnce()).as("no third cycle: the incident needs a human").isEmpty();
            for (int i = 0; i < 5; i++) {
                loop.pump();
            }
            assertThat(loop.required()).noneMatch(key -> key.contains("/cycle-3"));
            assertThat(facts(loop, Payload.InvestigationReopened.class, "inc-fail")).hasSize(1);
            // The read model, as the projector makes it from these facts: one resolved, one that needs a human.
            loop.project();
            assertThat(loop.query("SELECT incident_id || ' ' || status || ' ' || cycle FROM readmodel.incidents"))
                    .containsExactlyInAnyOrder("inc-pass RESOLVED 1", "inc-fail NEEDS_HUMAN 2");

            // A resolver started again from offset 0, later still, writes nothing.
            try (var again = new Resolver(new TimelineReader(loop.endpoints.kafka(), loop.topics.topics, new Event.Agent("resolver",
                    "test"), 500, EventCodec.Contexts.CHECKED_ONLY), tenant -> {
                        configuration.catchUp();
                        return configuration.history(tenant);
                    }, new ResolverEvidence(api.clickhouse), ResolverLoopTest::secret, GitHubCodeHost::connect, loop.writer::writeAll,
                    LATENESS, () -> redeployed.at().plus(Duration.ofHours(5)))) {
                assertThat(again.runOnce()).isEmpty();
            }
            resolver.close();
        }
    }
}
