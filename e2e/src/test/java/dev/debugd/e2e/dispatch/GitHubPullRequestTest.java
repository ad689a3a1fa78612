package dev.debugd.e2e.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.debugd.config.ConfigHistory;
import dev.debugd.context.CodeReader;
import dev.debugd.context.snapshot.Context;
import dev.debugd.context.snapshot.ContextAssembly;
import dev.debugd.context.snapshot.ContextJson;
import dev.debugd.context.snapshot.EpisodeEvidence;
import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.e2e.ingest.IngestServer;
import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.ExceptionEvent.Frame;
import dev.debugd.integrations.github.GitHubCodeHost;
import dev.debugd.integrations.github.GitHubCredentials;
import dev.debugd.integrations.github.GitHubPullRequests;
import dev.debugd.integrations.github.PullRequestHost;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import dev.debugd.standins.github.DemoRepository;
import dev.debugd.standins.github.GitHubStandIn;
import dev.debugd.standins.github.WebhookDelivery;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RawJson;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.timeline.kafka.RecordedConfiguration;
import dev.debugd.webhooks.MergePoller;
import dev.debugd.webhooks.RecordedIntegrations;
import dev.debugd.worker.BuiltinAgentWork;
import dev.debugd.worker.GitHubWork;
import dev.debugd.worker.WorkerShell;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The GitHub integration worker and the webhook receiver on the real stack, against the GitHub stand-in: the demo's
 * checkout fault goes through the dispatcher and the builtin agents to a fix draft, the GitHub task (crashing four times
 * after its side effect) opens one branch and one pull request whose diff is the draft's, the FixProposed names it; the
 * stand-in's signed merge webhook becomes a FixApplied, once however often it is delivered or found by the poller that
 * stands in for a missed webhook; deliveries that are not
 * GitHub's, or not this tenant's, are refused and record nothing; no token or webhook secret in any event or log line.
 */
class GitHubPullRequestTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final WorkerShell.AfterOutput NOTHING = task -> { };
    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
    private static final String TOKEN = "ghp_e2eStandInToken0123456789abcdefABCD";
    private static final String SECRET = "whsec-e2e-4c1d9a7b3f20e6a5";
    private static final String COUPONS = "checkout/src/main/java/shop/checkout/Coupons.java";

    private static String integration(URI apiUrl) {
        return "{'apiVersion':'debugd.dev/v1alpha1','kind':'Integration','metadata':{'name':'acme-github'},'spec':{'tenant':"
                + "'acme','type':'github','repository':'acme/shop','apiUrl':'" + apiUrl + "','credentials':{'name':'acme-github',"
                + "'key':'token'},'webhookSecret':{'name':'acme-github','key':'webhook'}}}";
    }

    private static Optional<String> secret(SecretKeyRef ref) {
        if (!ref.name().equals("acme-github")) {
            return Optional.empty();
        }
        return switch (ref.key()) {
            case "token" -> Optional.of(TOKEN);
            case "webhook" -> Optional.of(SECRET);
            default -> Optional.empty();
        };
    }

    /** The demo's checkout fault (a NullPointerException at Coupons.java:88 after the faulty release), with its code. */
    private static Context checkoutContext(String incident, GitHubStandIn github, DemoRepository repository,
            Function<String, ConfigHistory> recorded) {
        var at = T0.plusSeconds(30);
        var faulty = repository.faultyRelease();
        var npe = new ExceptionEvent(at, "checkout", "/checkout/pay", faulty.substring(0, 8), "", "", "java.lang.NullPointerException",
                "Cannot invoke \"Coupon.discount()\" because \"coupon\" is null",
                List.of(new Frame("shop.checkout.Coupons", "apply", "Coupons.java", 88, true),
                        new Frame("shop.checkout.Cart", "total", "Cart.java", 41, true)), List.of());
        var exceptions = new ArrayList<ExceptionEvent>();
        for (int i = 0; i < 6; i++) {
            exceptions.add(npe);
        }
        var incidentOf = new Context.Incident("acme", incident, 1, "checkout", "novelty", "sig-" + incident, 1, "", at, T0.plusSeconds(60));
        var evidence = new EpisodeEvidence(incidentOf, new Context.Window(at.minusSeconds(600), at, T0.plusSeconds(60), 60), exceptions,
                List.of(), List.of(), List.of(), Map.of(repository.releases().get(0), at.minusSeconds(3000), faulty.substring(0, 8), at),
                List.of(), List.of(), new Context.IdPresence(true, false), List.of(), Optional.empty(), List.of());
        var draft = ContextAssembly.assemble(evidence, ContextAssembly.Limits.DEFAULT);
        var code = new CodeReader(GitHubCodeHost::connect, GitHubPullRequestTest::secret)
                .read(recorded.apply("acme"), T0.plusSeconds(60), draft).orElseThrow();
        assertThat(code.files()).extracting(Context.CodeFile::path).contains(COUPONS);
        return ContextAssembly.assemble(evidence.withCode(code), ContextAssembly.Limits.DEFAULT);
    }

    private static String signature(byte[] body, String secret) throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** The changed lines of a diff (without file headers and hunk headers), in order. */
    private static List<String> changedLines(String diff) {
        return diff.lines().filter(l -> (l.startsWith("+") && !l.startsWith("+++")) || (l.startsWith("-") && !l.startsWith("---")))
                .toList();
    }

    private static List<Event> facts(Loop loop, Class<? extends Payload> type) {
        return loop.history().stream().map(TimelineRecord::event).filter(e -> type.isInstance(e.payload())).toList();
    }

    @Test
    void aFixDraftBecomesOnePullRequestAndItsMergeOneFixApplied() throws Exception {
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        var repository = DemoRepository.build();
        try (var github = GitHubStandIn.start(repository, 0);
                var loop = new Loop(Duration.ofSeconds(2), Duration.ofSeconds(30), 6);
                var api = new IngestServer()) {
            loop.configure(T0, Loop.tenant("acme", 0.7), Loop.agent("acme", "rca", "1.0.0"), Loop.agent("acme", "fix", "1.0.0"),
                    Loop.agent("acme", "instrumentation", "1.0.0"), integration(github.apiUrl()));
            var context = checkoutContext("inc-1", github, repository, loop::recorded);
            loop.startDispatcher(step -> { });
            loop.worker("acme", TaskType.CONTEXT_BUILDER, "1", (task, input) -> new Payload.ContextBuilt(
                    new RawJson(ContextJson.write(context)), context.missingSignals()), NOTHING);
            for (var type : List.of(TaskType.RCA, TaskType.FIX, TaskType.INSTRUMENTATION)) {
                loop.worker("acme", type, "1.0.0", new BuiltinAgentWork(), NOTHING);
            }
            // The side effect done, then a crash before the output is written, four times: the fifth run writes it.
            var runs = new AtomicInteger();
            var work = new GitHubWork(loop::recorded, GitHubPullRequestTest::secret, GitHubCodeHost::connect,
                    GitHubPullRequests::connect, incident -> Optional.empty());
            loop.worker("acme", TaskType.GITHUB, "1", (task, input) -> {
                var output = work.handle(task, input);
                if (runs.incrementAndGet() < 5) {
                    throw new IllegalStateException("crashed after the pull request, before the output (run " + runs.get() + ")");
                }
                return output;
            }, NOTHING);

            loop.detect("acme", "inc-1", T0.plusSeconds(60));
            loop.pumpUntil(() -> !facts(loop, Payload.FixProposed.class).isEmpty(), PATIENCE, "the fix's pull request is proposed");

            assertThat(runs.get()).isEqualTo(5);
            var pulls = github.pullRequests();
            assertThat(pulls).as("one pull request however often the task ran").hasSize(1);
            var pull = pulls.get(0);
            assertThat(github.requests()).filteredOn(r -> r.method().equals("POST") && r.path().endsWith("/git/refs")).hasSize(1);
            assertThat(github.requests()).filteredOn(r -> r.method().equals("POST") && r.path().endsWith("/pulls")).hasSize(1);
            var draft = (Payload.FixDrafted) facts(loop, Payload.FixDrafted.class).get(0).payload();
            var cause = (Payload.RootCauseProposed) facts(loop, Payload.RootCauseProposed.class).get(0).payload();
            var proposed = facts(loop, Payload.FixProposed.class);
            assertThat(proposed).hasSize(1);
            var fix = (Payload.FixProposed) proposed.get(0).payload();
            assertThat(fix.repository()).isEqualTo("acme/shop");
            assertThat(fix.pullRequest()).isEqualTo(pull.number());
            assertThat(fix.branch()).isEqualTo(pull.head()).isEqualTo("debugd/fix/acme/inc-1/cycle-1-v1");
            assertThat(fix.headSha()).isEqualTo(pull.headSha());
            assertThat(fix.url()).contains("/pull/" + pull.number()).doesNotContain("github.invalid");
            assertThat(fix.draftEventId()).isEqualTo(facts(loop, Payload.FixDrafted.class).get(0).eventId());
            assertThat(pull.baseSha()).as("branched at the deploy's commit").isEqualTo(repository.faultyRelease());
            assertThat(pull.body()).contains(cause.hypothesis().lines().findFirst().orElseThrow()).contains("### Risk")
                    .contains("### How it will be evaluated");
            // The pull request's diff is the draft's.
            var changes = GitHubCodeHost.connect(github.apiUrl(), "acme/shop", new GitHubCredentials.Anonymous())
                    .changes(repository.faultyRelease(), pull.headSha());
            assertThat(changes).extracting(change -> change.path()).containsExactly(COUPONS);
            assertThat(changedLines(changes.get(0).patch())).isEqualTo(changedLines(draft.patch()));

            // The merge, delivered twice by GitHub's webhook, signed with the Integration's secret: one FixApplied.
            var server = api.start(api.clickhouse, loop.writer::writeAll, integrations(loop));
            github.deliverWebhooksTo(URI.create("http://127.0.0.1:" + server.port() + "/v1/webhooks/github/acme-github"), SECRET);
            var merged = github.merge(pull.number());
            await().atMost(PATIENCE).until(() -> github.webhookDeliveries().stream().anyMatch(d -> d.status().isPresent()));
            var delivery = github.webhookDeliveries().get(0);
            assertThat(delivery.status()).hasValue(202);
            github.redeliver(delivery.id());
            await().atMost(PATIENCE).until(() -> github.webhookDeliveries().stream().filter(d -> d.status().isPresent()).count() == 2);
            assertThat(github.webhookDeliveries()).allSatisfy(d -> assertThat(d.status()).hasValue(202));
            // The poller, as if the webhook had been missed, finds the same merge: the same fact.
            var polled = poller(loop, integrations(loop)).pollOnce();
            assertThat(polled).hasSize(1);
            var applied = facts(loop, Payload.FixApplied.class);
            assertThat(applied).extracting(Event::eventId).as("one fact, however often delivered or polled")
                    .containsOnly(applied.get(0).eventId(), polled.get(0).eventId());
            var event = applied.get(0);
            assertThat(event.payload()).isEqualTo(new Payload.FixApplied("acme/shop", pull.number(), merged.merge().orElseThrow().commitSha(),
                    merged.merge().orElseThrow().mergedBy()));
            assertThat(event.incidentId()).isEqualTo("inc-1");
            assertThat(event.cycle()).isEqualTo(1);
            assertThat(event.time()).isEqualTo(merged.merge().orElseThrow().mergedAt());

            // The merge deployed to production: GitHub's deployment_status, delivered twice, is kept once for the resolver.
            var deployment = github.deploy(merged.merge().orElseThrow().commitSha(), "production");
            await().atMost(PATIENCE).until(() -> deployed(github).anyMatch(d -> d.status().isPresent()));
            github.redeliver(deployed(github).findFirst().orElseThrow().id());
            await().atMost(PATIENCE).until(() -> deployed(github).filter(d -> d.status().isPresent()).count() == 2);
            assertThat(deployed(github)).allSatisfy(d -> assertThat(d.status()).hasValue(202));
            var kept = facts(loop, Payload.DeploymentSucceeded.class);
            assertThat(kept).extracting(Event::eventId).as("one fact (one event id), however often delivered").containsOnly(
                    kept.get(0).eventId());
            assertThat(kept).allSatisfy(fact -> {
                assertThat(fact.payload()).isEqualTo(new Payload.DeploymentSucceeded("acme/shop", "production",
                        merged.merge().orElseThrow().commitSha(), deployment.id(), "acme"));
                assertThat(fact.tenantId()).isEqualTo("acme");
                assertThat(fact.time()).isEqualTo(deployment.at());
            });

            var codec = new EventCodec();
            for (var record : loop.history()) {
                assertThat(new String(codec.encode(record.event()), StandardCharsets.UTF_8)).doesNotContain(TOKEN).doesNotContain(SECRET);
            }

            // Replay from offset 0: every task is found done, none is sent again, so no second pull request.
            loop.stopDispatcher();
            loop.dropLedger();
            var replay = loop.startDispatcher(step -> { });
            loop.pumpUntil(replay::caughtUp, PATIENCE, "the replay reaches the end");
            replay.awaitSends();
            assertThat(replay.tasksRequested()).isZero();
            assertThat(replay.tasksSent()).isZero();
            assertThat(github.pullRequests()).hasSize(1);
            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).isNotEmpty()
                    .noneMatch(line -> line.contains(TOKEN) || line.contains(SECRET));
        } finally {
            root.detachAppender(appender);
        }
    }

    private static Stream<WebhookDelivery> deployed(GitHubStandIn github) {
        return github.webhookDeliveries().stream().filter(d -> d.event().equals("deployment_status"));
    }

    private static RecordedIntegrations integrations(Loop loop) {
        return new RecordedIntegrations(new RecordedConfiguration(loop.endpoints.kafka(), loop.topics.topics,
                new Event.Agent("api", "test")), GitHubPullRequestTest::secret, Clock.systemUTC());
    }

    private static MergePoller poller(Loop loop, RecordedIntegrations integrations) {
        return new MergePoller(integrations::all, GitHubPullRequests::connect, loop.writer::writeAll, id -> false, 30);
    }

    @Test
    void withTheWebhookMissedPollingRecordsTheMergeAndTheCloseOnce() throws Exception {
        var repository = DemoRepository.build();
        try (var github = GitHubStandIn.start(repository, 0); var loop = new Loop(Duration.ofSeconds(2), Duration.ofSeconds(30), 2)) {
            loop.configure(T0, Loop.tenant("acme", 0.7), integration(github.apiUrl()));
            var host = GitHubPullRequests.connect(github.apiUrl(), "acme/shop", new GitHubCredentials.Token(TOKEN));
            // Three branches, each adding a file of its own: they merge without conflicts.
            var ours = host.open(new PullRequestHost.Change("debugd/fix/acme/inc-7/cycle-2-v1", repository.faultyRelease(),
                    Map.of("notes/inc-7.md", "A fix.\n"), "fix", "Fix", "body"));
            var others = host.open(new PullRequestHost.Change("debugd/fix/globex/inc-8/cycle-1-v1", repository.faultyRelease(),
                    Map.of("notes/inc-8.md", "Another tenant's fix.\n"), "fix", "Fix", "body"));
            var unmerged = host.open(new PullRequestHost.Change("debugd/fix/acme/inc-9/cycle-1-v1", repository.faultyRelease(),
                    Map.of("notes/inc-9.md", "Not merged.\n"), "fix", "Fix", "body"));
            var merged = github.merge(ours.number());
            github.merge(others.number());
            github.closeWithoutMerging(unmerged.number());
            var poller = poller(loop, integrations(loop));

            var found = poller.pollOnce();

            // Ours merged: FixApplied; ours closed without a merge: PullRequestClosed; another tenant's: nothing.
            assertThat(found).hasSize(2);
            assertThat(found).filteredOn(event -> event.payload() instanceof Payload.PullRequestClosed).singleElement()
                    .satisfies(event -> assertThat(event.payload()).isEqualTo(new Payload.PullRequestClosed("acme/shop",
                            unmerged.number(), "debugd/fix/acme/inc-9/cycle-1-v1", "fix", false, null, null)));
            assertThat(found).filteredOn(event -> event.payload() instanceof Payload.FixApplied).singleElement().satisfies(event -> {
                assertThat(event.idempotencyKey()).isEqualTo("acme/inc-7/merge/acme/shop/pr-" + ours.number() + "/cycle-2");
                assertThat(event.payload()).isEqualTo(new Payload.FixApplied("acme/shop", ours.number(),
                        merged.merge().orElseThrow().commitSha(), merged.merge().orElseThrow().mergedBy()));
                assertThat(event.time()).isEqualTo(merged.merge().orElseThrow().mergedAt());
            });
            assertThat(poller.pollOnce()).as("the next pass writes nothing again").isEmpty();
            assertThat(facts(loop, Payload.FixApplied.class)).hasSize(1);
            assertThat(facts(loop, Payload.PullRequestClosed.class)).hasSize(1);
        }
    }

    @Test
    void deliveriesThatAreNotGitHubsOrNotThisTenantsAreRefusedAndRecordNothing() throws Exception {
        try (var loop = new Loop(Duration.ofSeconds(2), Duration.ofSeconds(30), 2); var api = new IngestServer()) {
            loop.configure(T0, Loop.tenant("acme", 0.7), integration(URI.create("http://127.0.0.1:9")));
            var server = api.start(api.clickhouse, loop.writer::writeAll, integrations(loop));
            var url = URI.create("http://127.0.0.1:" + server.port());
            var merged = Files.readString(Path.of("../../shared/data/fixtures/github/webhooks/pull_request.closed.payload.json"))
                    .replace("\"merged\": false", "\"merged\": true")
                    .replace("\"merged_at\": null", "\"merged_at\": \"2026-06-01T11:00:00Z\"")
                    .replace("\"ref\": \"changes\"", "\"ref\": \"debugd/fix/globex/inc-9/cycle-1-v1\"")
                    .replace("Codertocat/Hello-World", "acme/shop");
            var body = merged.getBytes(StandardCharsets.UTF_8);
            var path = "/v1/webhooks/github/acme-github";
            var good = signature(body, SECRET);
            assertThat(api.post(url, path, HttpRequest.BodyPublishers.ofByteArray(body), "X-GitHub-Event", "pull_request",
                    "X-Hub-Signature-256", signature(body, "another secret")).statusCode()).as("wrong signature").isEqualTo(401);
            assertThat(api.post(url, path, HttpRequest.BodyPublishers.ofByteArray(body), "X-GitHub-Event", "pull_request")
                    .statusCode()).as("no signature").isEqualTo(401);
            assertThat(api.post(url, path, HttpRequest.BodyPublishers.ofByteArray(body), "X-GitHub-Event", "pull_request",
                    "X-Hub-Signature-256", good.substring(0, good.length() - 2)).statusCode()).as("truncated signature").isEqualTo(401);
            var large = new byte[(1 << 20) + 10];
            assertThat(api.post(url, path, HttpRequest.BodyPublishers.ofByteArray(large), "X-GitHub-Event", "pull_request",
                    "X-Hub-Signature-256", signature(large, SECRET)).statusCode()).as("oversized").isEqualTo(413);
            var notJson = "{\"action\": \"closed\", ".getBytes(StandardCharsets.UTF_8);
            assertThat(api.post(url, path, HttpRequest.BodyPublishers.ofByteArray(notJson), "X-GitHub-Event", "pull_request",
                    "X-Hub-Signature-256", signature(notJson, SECRET)).statusCode()).as("malformed JSON").isEqualTo(400);
            var othersBranch = api.post(url, path, HttpRequest.BodyPublishers.ofByteArray(body), "X-GitHub-Event", "pull_request",
                    "X-Hub-Signature-256", good);
            assertThat(othersBranch.statusCode()).as("another tenant's branch").isEqualTo(403);
            assertThat(api.post(url, "/v1/webhooks/github/nobody", HttpRequest.BodyPublishers.ofByteArray(body), "X-GitHub-Event",
                    "pull_request", "X-Hub-Signature-256", good).statusCode()).as("no such Integration").isEqualTo(404);
            var ping = "{\"zen\": \"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);
            assertThat(api.post(url, path, HttpRequest.BodyPublishers.ofByteArray(ping), "X-GitHub-Event", "ping",
                    "X-Hub-Signature-256", signature(ping, SECRET)).statusCode()).as("an event not used").isEqualTo(202);

            assertThat(facts(loop, Payload.FixApplied.class)).isEmpty();
        }
    }
}
