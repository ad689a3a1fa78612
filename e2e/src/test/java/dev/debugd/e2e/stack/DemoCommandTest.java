package dev.debugd.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import dev.debugd.access.ApiTokens;
import dev.debugd.access.Scope;
import dev.debugd.config.Endpoints;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.readmodel.Replay;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.standins.github.DemoRepository;
import dev.debugd.workqueue.SqsClients;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * `bin/debugd demo` exactly as the README shows it, with no flags: the API, the detector, the dispatcher with the local
 * workers and the projector run as processes, generated traffic goes through the API, and every injected fault becomes an
 * incident that the agents work through to a proposal; the fix with a diff becomes a pull request on the GitHub stand-in,
 * merged there, whose webhook is a FixApplied, which the read model shows. Its topics, queues, databases and tenant are
 * the test's own, given as DEBUGD_* and PG* variables, and deleted afterwards. Then, as the demo keeps serving, the
 * dashboard's browser tests run against it, and SIGTERM stops the demo with every role it started.
 */
class DemoCommandTest {

    /** A log line at WARN or above from a logger that is not the platform's own (logback prints "d.d." for dev.debugd.). */
    /** The demo's line with the dashboard's address and the token to sign in with. */
    private static final Pattern DASHBOARD = Pattern.compile("demo: dashboard (http://127\\.0\\.0\\.1:\\d+)/ \\(sign in with the API token (\\S+),");
    private static final Pattern LIBRARY_WARNING = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (WARN|ERROR) +(?!d\\.d\\.|dev\\.debugd\\.)");

    @Test
    void everyFaultBecomesAnIncidentWorkedThroughToAFixProposalAndTheDashboardShowsIt() throws Exception {
        var endpoints = LocalStack.requireKafka();
        LocalStack.requireClickHouse();
        LocalStack.requireSqs();
        var tenant = SuiteIds.tenant("demo");
        var queuePrefix = LocalStack.uniqueName("demo") + "-";
        var clickhouseDatabase = LocalStack.uniqueName("demo").replace('-', '_');
        var log = Files.createTempFile("demo", ".log");
        try (var topics = new TestTopics(endpoints.kafka(), 3); var database = TestDatabase.withPgvector()) {
            // No --exit-when-done: the demo tells its story, then serves the dashboard until it is stopped.
            var demo = Processes.start(List.of("bin/debugd", "demo"), Map.of("DEBUGD_TOPIC_PREFIX", topics.topics.prefix(),
                    "DEBUGD_QUEUE_PREFIX", queuePrefix, "DEBUGD_CLICKHOUSE_DATABASE", clickhouseDatabase, "DEBUGD_TENANT", tenant,
                    "PGDATABASE", database.postgres.database()), log);
            try {
                await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> !demo.isAlive() || Files.readString(log).contains(" until Ctrl-C"));
                var output = Files.readString(log);
                assertThat(demo.isAlive()).as(output).isTrue();
                theStoryWasTold(output, tenant, database);
                theDashboardShowsIt(output, endpoints, topics, database, tenant);
            } finally {
                var roles = demo.descendants().toList();
                assertThat(Processes.stop(demo)).as("SIGTERM ends the demo").isEqualTo(143);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(roles).noneMatch(ProcessHandle::isAlive));
                new ClickHouseHttp(endpoints.clickhouse(), "default").execute("DROP DATABASE IF EXISTS " + clickhouseDatabase);
                try (var sqs = SqsClients.create(endpoints.sqs())) {
                    sqs.listQueues(b -> b.queueNamePrefix(queuePrefix)).queueUrls()
                            .forEach(url -> sqs.deleteQueue(b -> b.queueUrl(url)));
                }
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void theStoryWasTold(String output, String tenant, TestDatabase database) throws SQLException {
        assertThat(output).contains("demo: every fault was detected, given a context and a root cause, and taken to"
                + " a proposal; every fix with a diff was merged, deployed and evaluated.",
                "detected (novelty)", "detected (frequency_spike)", "detected (error_rate)", "demo: tenant " + tenant,
                "90 buckets of 2s of traffic", "demo: GitHub stand-in (a local server speaking GitHub's REST API, not GitHub)");
        var detected = output.lines().filter(line -> line.contains(" IncidentDetected ")).count();
        var drafted = output.lines().filter(line -> line.contains(" FixDrafted ")).count();
        var causes = output.lines().filter(line -> line.contains(" RootCauseProposed ")).count();
        var reopened = output.lines().filter(line -> line.contains(" InvestigationReopened ")).count();
        assertThat(detected).isEqualTo(7);
        assertThat(causes).as("the builtin RCA Agent answers each incident, and each reopened cycle")
                .isEqualTo(detected + reopened);
        // The new exception's context holds the code at the faulty release, read from the GitHub stand-in.
        assertThat(output.lines().filter(line -> line.contains(" ContextBuilt ")))
                .anySatisfy(line -> assertThat(line).contains("began with deploy " + DemoRepository.build().faultyRelease()
                        + "; code of 2 file(s) at " + DemoRepository.build().faultyRelease().substring(0, 8)
                        + " with the deploy's change"));
        // Confident root causes go to a fix, doubtful ones to instrumentation: the demo's faults take both routes.
        var faults = output.lines().filter(line -> line.startsWith("demo: fault ")).toList();
        assertThat(faults).hasSize(7).allSatisfy(line -> assertThat(line).contains("root cause "));
        assertThat(faults).anySatisfy(line -> assertThat(line).startsWith("demo: fault 'new exception after a deploy' in checkout:")
                        .contains("fix drafted as a diff of checkout/src/main/java/shop/checkout/Coupons.java, pull request #")
                        .endsWith(" opened and merged (FixApplied), deployed, evaluated (pass) and RESOLVED"))
                .anySatisfy(line -> assertThat(line).endsWith("instrumentation proposed"));
        // A reopened cycle may draft a fix of its own.
        assertThat(drafted).isGreaterThanOrEqualTo(faults.stream().filter(line -> line.contains("fix drafted")).count());
        // The four diffs (and any a second cycle drafts) become pull requests on the stand-in, merged by its reviewer;
        // described changes ask for none.
        assertThat(output.lines().filter(line -> line.contains(" FixProposed "))).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(line -> assertThat(line).contains("opened on the stand-in: http://127.0.0.1:")
                        .contains("(branch debugd/fix/" + tenant + "/"));
        assertThat(output.lines().filter(line -> line.contains(" FixApplied "))).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(line -> assertThat(line).contains(" merged by "));
        for (var service : List.of("payments", "inventory")) {
            assertThat(faults).anySatisfy(line -> assertThat(line).startsWith("demo: fault 'new exception after a deploy' in "
                    + service + ":").endsWith(", deployed, evaluated (pass) and RESOLVED"));
        }
        assertThat(faults).anySatisfy(line -> assertThat(line).startsWith("demo: fault 'new exception after a deploy, a fix"
                + " that does not help' in accounts:").endsWith(", deployed, evaluated (fail) and REOPENED"));
        // The loop closes: the merge is deployed (GitHub's deployment_status), the resolver sees it in the evidence,
        // the window after it is evaluated with its figures, and the incident resolved.
        for (var fact : List.of(" DeploymentSucceeded ", " FixDeployed ", " EvaluationDue ", " EvaluationCompleted ")) {
            assertThat(output.lines().filter(line -> line.contains(fact))).as(fact).hasSizeGreaterThanOrEqualTo(4);
        }
        assertThat(output.lines().filter(line -> line.contains(" EvaluationDue "))).allSatisfy(line -> assertThat(line)
                .containsPattern("requests \\d+ before the fault, \\d+ after the fix"))
                .anySatisfy(line -> assertThat(line).contains("the error 0.0/min -> 0.0/min"));
        assertThat(output.lines().filter(line -> line.contains(" InvestigationReopened "))).singleElement().asString()
                .contains("cycle 2: the fix of cycle 1 failed its evaluation");
        assertThat(output).contains("demo: 3 incident(s) resolved after their fix was deployed and evaluated, 1 reopened");
        assertThat(output).doesNotContain("github.invalid");
        assertThat(output.lines().filter(line -> LIBRARY_WARNING.matcher(line).find())).as(output).isEmpty();
        // The read model the demo's projector kept: the diff's incident resolved, the others at their root cause
        // (drafts are progress, not lifecycle).
        assertThat(statuses(database, tenant)).containsExactlyInAnyOrder("RESOLVED", "RESOLVED", "RESOLVED",
                "ROOT_CAUSE_PROPOSED", "ROOT_CAUSE_PROPOSED", "ROOT_CAUSE_PROPOSED", "ROOT_CAUSE_PROPOSED");
        assertThat(output).containsPattern("demo: the projector put (\\d+) of the \\1 facts into the read model");
    }

    /**
     * The browser tests (web/e2e, Playwright with Debian's Chromium) against the dashboard the demo serves, signed in with
     * the token the demo printed; the incident they open through the dashboard must be an IncidentDetected on Kafka.
     */
    private static void theDashboardShowsIt(String output, Endpoints endpoints, TestTopics topics, TestDatabase database,
            String tenant) throws Exception {
        var printed = DASHBOARD.matcher(output);
        assertThat(printed.find()).as(output).isTrue();
        String ingestToken;
        try (var pool = new Postgres(database.postgres).pool("test", 1)) {
            ingestToken = new ApiTokens(pool).create(tenant, "browser-test-shipper", Set.of(Scope.INGEST), "test");
        }
        var web = LocalStack.root().resolve("web");
        var screenshots = web.resolve("test-results/screenshots");
        var results = Files.createTempFile("dashboard", ".json");
        try {
            var run = Processes.runIn(web, List.of("npx", "--no-install", "playwright", "test"), Map.of("DEBUGD_DASHBOARD_URL", printed.group(1),
                    "DEBUGD_TOKEN", printed.group(2), "DEBUGD_INGEST_TOKEN", ingestToken, "DEBUGD_SCREENSHOTS", screenshots.toString(),
                    "DEBUGD_RESULTS", results.toString()), Duration.ofMinutes(5));
            System.out.println(run.stdout());
            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.stdout()).containsPattern("dashboard: the incident list was interactive \\d+ ms after navigation started");
            for (var page : List.of("list-1280", "list-390", "incident-1280", "incident-390")) {
                assertThat(screenshots.resolve(page + ".png")).isNotEmptyFile();
            }
            var opened = JsonMapper.builder().build().readTree(Files.readString(results)).get("opened_incident_id").asString();
            try (var reader = new TimelineReader(endpoints.kafka(), topics.topics, Replay.AGENT, 500)) {
                var partitions = reader.partitions();
                reader.assign(partitions.stream().collect(Collectors.toMap(partition -> partition, partition -> 0L)));
                var detected = new ArrayList<Event>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    reader.poll(Duration.ofMillis(500)).records().stream().map(TimelineRecord::event)
                            .filter(event -> event.incidentId().equals(opened) && event.payload() instanceof Payload.IncidentDetected)
                            .forEach(detected::add);
                    return !detected.isEmpty();
                });
                assertThat(detected).singleElement().satisfies(event -> {
                    assertThat(event.tenantId()).isEqualTo(tenant);
                    assertThat(((Payload.IncidentDetected) event.payload()).source()).as("opened through the API by the token the demo printed").startsWith("api:visitor-");
                    assertThat(((Payload.IncidentDetected) event.payload()).title()).isEqualTo("Customers report failed coupon codes");
                });
            }
        } finally {
            Files.deleteIfExists(results);
        }
    }

    private static List<String> statuses(TestDatabase database, String tenant) throws SQLException {
        var statuses = new ArrayList<String>();
        try (var connection = database.connect(); var select = connection.prepareStatement(
                "SELECT status FROM readmodel.incidents WHERE tenant_id = ? ORDER BY incident_id")) {
            select.setString(1, tenant);
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    statuses.add(rs.getString(1));
                }
            }
        }
        return statuses;
    }
}
