package dev.debugd.e2e.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.api.ApiServer;
import dev.debugd.detect.rules.Detection;
import dev.debugd.e2e.detect.DetectorHarness;
import dev.debugd.context.CodeReader;
import dev.debugd.context.ContextBuilderWork;
import dev.debugd.context.PastIncidentSearch;
import dev.debugd.context.SentryContextReader;
import dev.debugd.context.EpisodeReader;
import dev.debugd.context.snapshot.ContextJson;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.integrations.github.GitHubCodeHost;
import dev.debugd.integrations.sentry.SentryApi;
import dev.debugd.integrations.sentry.SentryIssues;
import dev.debugd.manifests.ConfigFacts;
import dev.debugd.manifests.Manifest;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.timeline.Topic;
import dev.debugd.worker.TaskInput;
import dev.debugd.workqueue.TaskMessage;
import dev.debugd.timeline.kafka.RecordedConfiguration;
import dev.debugd.webhooks.RecordedIntegrations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sentry's webhook deliveries (its own payloads, ../shared/data/fixtures/sentry, as they are unless a test says what it
 * rewrites) to the API on the real stack, signed as Sentry signs them; the evidence lands in ClickHouse and the
 * detector sees it.
 */
class SentryWebhookTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path DOCS = Path.of("../../shared/data/fixtures/sentry/webhooks-docs");
    private static final Path MOCKS = Path.of("../../shared/data/fixtures/sentry/integration-platform-example-mocks");
    private static final String ACME_SECRET = "acme-client-secret";
    private static final String GLOBEX_SECRET = "globex-client-secret";

    private static DetectorHarness harness;
    private static URI api;

    /**
     * acme's Integration takes the docs' project (1, "front-end") as service web and the mocks' ("ipe"); globex's another
     * project only; acme's "unsigned" names no client secret.
     */
    private static final String API_TOKEN = "sntrys_test_token_1";
    private static final SentryApiStandIn SENTRY_API = standIn();

    private static SentryApiStandIn standIn() {
        try {
            return new SentryApiStandIn(API_TOKEN);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final List<String> MANIFESTS = List.of(
            "{'kind':'Tenant','metadata':{'name':'acme'},'spec':{}}",
            "{'kind':'Tenant','metadata':{'name':'globex'},'spec':{}}",
            "{'kind':'Integration','metadata':{'name':'acme-sentry'},'spec':{'tenant':'acme','type':'sentry','organization':'test-org',"
                    + "'projects':[{'project':'front-end','service':'web'},{'project':'ipe'}],"
                    + "'webhookSecret':{'name':'acme-sentry','key':'client-secret'},"
                    + "'apiUrl':'" + SENTRY_API.baseUrl() + "','credentials':{'name':'acme-sentry-api','key':'token'}}}",
            "{'kind':'Integration','metadata':{'name':'globex-sentry'},'spec':{'tenant':'globex','type':'sentry','organization':'globex',"
                    + "'projects':[{'project':'back-end'}],'webhookSecret':{'name':'globex-sentry','key':'client-secret'}}}",
            "{'kind':'Integration','metadata':{'name':'unsigned'},'spec':{'tenant':'acme','type':'sentry','organization':'test-org',"
                    + "'projects':[{'project':'front-end'}]}}");
    private static final Map<String, String> SECRETS = Map.of("acme-sentry", ACME_SECRET, "globex-sentry", GLOBEX_SECRET,
            "acme-sentry-api", API_TOKEN);
    private static final List<RecordedIntegrations> OPENED = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        harness = new DetectorHarness();
        api = sentryApi(harness);
    }

    /**
     * An API on the harness's stack whose sentry Integrations are the ones configuration facts on its topics record (as
     * `serve` reads them), recorded as of 2000 so that they are in force whatever the test clock says.
     */
    private static URI sentryApi(DetectorHarness harness) throws Exception {
        var facts = new ArrayList<Event>();
        for (var manifest : MANIFESTS) {
            facts.add(ConfigFacts.fact(Manifest.of(JSON.readTree(("{'apiVersion':'debugd.dev/v1alpha1'," + manifest.substring(1))
                    .replace('\'', '"')), "test"), 1, Instant.parse("2000-01-01T00:00:00Z")));
        }
        harness.server.writer.writeAll(facts);
        var integrations = new RecordedIntegrations(new RecordedConfiguration(LocalStack.requireKafka().kafka(),
                harness.server.topics.topics, new Event.Agent("api", "test")), ref -> Optional.ofNullable(SECRETS.get(ref.name())),
                harness.server.clock);
        OPENED.add(integrations);
        ApiServer server = harness.server.startWithSentry(integrations);
        return URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() throws Exception {
        OPENED.forEach(RecordedIntegrations::close);
        harness.close();
        SENTRY_API.close();
    }

    @Test
    void everyEventFixtureIsStoredAsEvidenceWithItsSignatureAndIssuesAreLinked() throws Exception {
        // Sentry's issue.created first: the mocks' alert event names its issue (123) and no project.
        var mockIssue = deliver("acme-sentry", "issue", read(MOCKS.resolve("issue.created.json")), ACME_SECRET);
        assertThat(mockIssue.statusCode()).as(mockIssue.body()).isEqualTo(202);
        assertThat(mockIssue.body()).isEqualTo("{\"recorded\":\"issue\",\"issue_id\":\"123\"}");
        assertThat(deliver("acme-sentry", "issue", read(DOCS.resolve("issue.created.json")), ACME_SECRET).statusCode()).isEqualTo(202);

        var stored = new ArrayList<JsonNode>();
        for (var delivery : List.of(List.of("error", DOCS.resolve("error.created.json").toString()),
                List.of("event_alert", DOCS.resolve("event_alert.triggered.json").toString()),
                List.of("event_alert", MOCKS.resolve("event_alert.triggered.json").toString()))) {
            var body = read(Path.of(delivery.get(1)));
            harness.server.clock.set(eventTime(body).plusSeconds(2)); // delivered as it happens: not late
            var response = deliver("acme-sentry", delivery.get(0), body, ACME_SECRET);
            assertThat(response.statusCode()).as(delivery + ": " + response.body()).isEqualTo(202);
            stored.add(JSON.readTree(response.body()));
        }
        assertThat(stored).extracting(answer -> answer.get("batch_id").asString()).containsExactly(
                "sentry-bb78c1407cea4519aa397afc059c793d", "sentry-e4874d664c3540c1a32eab185f12c5ab", "sentry-def456");
        assertThat(stored).allSatisfy(answer -> assertThat(answer.get("stored").get("exceptions").asInt()).isEqualTo(1));
        // The mocks' alert with an alert rule action carries the same event: the same evidence, already stored.
        var withAction = deliver("acme-sentry", "event_alert", read(MOCKS.resolve("event_alert.triggered.with_alert_rule_action.json")),
                ACME_SECRET);
        assertThat(withAction.statusCode()).as(withAction.body()).isEqualTo(200);
        assertThat(JSON.readTree(withAction.body()).get("batch_id").asString()).isEqualTo("sentry-def456");

        var rows = harness.server.clickhouse.query("SELECT batch_id, service, exception_type, exception_message, environment,"
                + " error_signature, tag_keys, frame_file FROM exceptions WHERE tenant_id = 'acme' AND batch_id LIKE 'sentry-%'"
                + " ORDER BY batch_id");
        assertThat(rows).extracting(row -> row.get("batch_id").asString() + " " + row.get("service").asString() + " "
                + row.get("exception_type").asString() + ": " + row.get("exception_message").asString() + " [" + row.get("environment").asString() + "]")
                .containsExactly(
                        "sentry-bb78c1407cea4519aa397afc059c793d web ReferenceError: blooopy is not defined []",
                        "sentry-def456 ipe Another Error #1: This is a test error! [production]",
                        "sentry-e4874d664c3540c1a32eab185f12c5ab web ReferenceError: heck is not defined []");
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).get("error_signature").asString()).as("row %d", i).isNotEmpty();
        }
        assertThat(rows.get(0).get("tag_keys").toString()).contains("\"browser\"", "\"handled\"", "\"url\"");
        assertThat(rows.get(0).get("frame_file").toString()).isEqualTo("[\"/runner\"]");
        // The answer's signature is the stored one; the issues know their events' signatures.
        assertThat(stored.get(0).get("signature").asString()).isEqualTo(rows.get(0).get("error_signature").asString());
        assertThat(issueSignatures()).containsEntry("1170820242", rows.get(0).get("error_signature").asString())
                .containsEntry("123", rows.get(1).get("error_signature").asString());

        // Each fixture's event shows up in the context of an incident of its signature, with the Sentry issue it belongs to.
        var versions = harness.server.clickhouse.query("SELECT batch_id, signature_version, toUInt32(timestamp) AS ts FROM exceptions"
                + " WHERE tenant_id = 'acme' AND batch_id LIKE 'sentry-%' ORDER BY batch_id");
        try (var configuration = new RecordedConfiguration(LocalStack.requireKafka().kafka(), harness.server.topics.topics,
                new Event.Agent("context-builder", "test"))) {
            for (int i = 0; i < rows.size(); i++) {
                var row = rows.get(i);
                var at = Instant.ofEpochSecond(versions.get(i).get("ts").asLong());
                var id = "sentry-fixture-" + i;
                var detected = Event.create(at.plusSeconds(300), "acme", id, 1, new Payload.IncidentDetected(row.get("service").asString(),
                        row.get("error_signature").asString(), versions.get(i).get("signature_version").asInt(), "novelty", at, Map.of(),
                        "detector", "fixture " + i), new Event.Agent("detector", "1"), IdempotencyKey.episode("acme", id), null);
                var context = context(harness, configuration, detected, ref -> Optional.ofNullable(SECRETS.get(ref.name())));
                assertThat(context.exceptions()).as(row.get("batch_id").asString()).extracting(e -> e.message())
                        .contains(row.get("exception_message").asString());
                assertThat(context.sentry()).as(row.get("batch_id").asString()).isNotNull();
                assertThat(context.sentry().issues()).isNotEmpty();
            }
        }
    }

    @Test
    void aRedeliveryOrTheSameEventFromAnotherHookStoresNothingTwice() throws Exception {
        var body = read(DOCS.resolve("error.created.json"));
        // This test's own copy: the event id rewritten so that it does not meet the other tests' rows.
        var event = JSON.readTree(body);
        ((ObjectNode) event.get("data").get("error")).put("event_id", "5eed00000000000000000000000000aa");
        var copy = JSON.writeValueAsBytes(event);
        harness.server.clock.set(eventTime(copy).plusSeconds(2));
        assertThat(deliver("acme-sentry", "error", copy, ACME_SECRET).statusCode()).isEqualTo(202);
        var again = deliver("acme-sentry", "error", copy, ACME_SECRET);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("duplicate").asBoolean()).isTrue();
        // The same event as an issue alert's: another wrapper, the same evidence.
        var alert = JSON.createObjectNode().put("action", "triggered");
        alert.putObject("data").set("event", event.get("data").get("error"));
        var asAlert = deliver("acme-sentry", "event_alert", JSON.writeValueAsBytes(alert), ACME_SECRET);
        assertThat(asAlert.statusCode()).as(asAlert.body()).isEqualTo(200);
        assertThat(count("sentry-5eed00000000000000000000000000aa")).isEqualTo(1);
    }

    @Test
    void whatIsNotSignedNotSentrysOrAnotherTenantsIsRefusedWithNothingStored() throws Exception {
        var body = read(DOCS.resolve("error.created.json"));
        var event = JSON.readTree(body);
        ((ObjectNode) event.get("data").get("error")).put("event_id", "bad00000000000000000000000000001");
        var copy = JSON.writeValueAsBytes(event);
        harness.server.clock.set(eventTime(copy).plusSeconds(2));
        assertThat(refusal(deliver("acme-sentry", "error", copy, "not-the-secret")))
                .isEqualTo("401 Sentry-Hook-Signature is missing or does not match the body");
        var unsigned = HTTP.send(HttpRequest.newBuilder(api.resolve("/v1/webhooks/sentry/acme-sentry"))
                .header("Sentry-Hook-Resource", "error").POST(HttpRequest.BodyPublishers.ofByteArray(copy)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refusal(unsigned)).isEqualTo("401 Sentry-Hook-Signature is missing or does not match the body");
        var oversized = new byte[(1 << 20) + 1];
        java.util.Arrays.fill(oversized, (byte) ' ');
        assertThat(refusal(deliver("acme-sentry", "error", oversized, ACME_SECRET))).isEqualTo("413 the body is over 1048576 bytes");
        assertThat(refusal(deliver("acme-sentry", "error", "{\"action\": \"created\", \"data\"".getBytes(), ACME_SECRET)))
                .isEqualTo("400 the body is not JSON");
        // globex's Integration does not list project 1: acme's event, signed with globex's secret, is not globex's evidence.
        assertThat(refusal(deliver("globex-sentry", "error", copy, GLOBEX_SECRET))).isEqualTo("403 event"
                + " bad00000000000000000000000000001 is of project [1, front-end], which this Integration does not list");
        assertThat(refusal(deliver("nobody", "error", copy, ACME_SECRET))).isEqualTo("404 no sentry Integration 'nobody'");
        assertThat(refusal(deliver("unsigned", "error", copy, ACME_SECRET)))
                .isEqualTo("401 Integration 'unsigned' has no client secret to check deliveries with");
        assertThat(count("sentry-bad00000000000000000000000000001")).isZero();
        assertThat(harness.server.clickhouse.query("SELECT count() AS n FROM exceptions WHERE tenant_id = 'globex'").get(0).get("n").asInt())
                .isZero();
        try (var connection = harness.server.database.connect(); var select = connection.prepareStatement(
                "SELECT count(*) FROM ingest.batches WHERE batch_id = 'sentry-bad00000000000000000000000000001'");
                var result = select.executeQuery()) {
            result.next();
            assertThat(result.getInt(1)).isZero();
        }
        // Not evidence: acknowledged, nothing stored.
        var metric = deliver("acme-sentry", "metric_alert", read(DOCS.resolve("metric_alert.resolved.json")), ACME_SECRET);
        assertThat(metric.statusCode()).isEqualTo(202);
        assertThat(metric.body()).isEqualTo("{\"ignored\":\"a metric_alert.resolved delivery is not evidence\"}");
    }

    @Test
    void aPersonTurnsASentryIssueIntoAnIncidentWhichShowsTheIssue() throws Exception {
        // The docs' issue and its event, rewritten only in their ids (issue 777, an event id of this test's own).
        var issue = JSON.readTree(read(DOCS.resolve("issue.created.json")));
        ((ObjectNode) issue.get("data").get("issue")).put("id", "777");
        var event = JSON.readTree(read(DOCS.resolve("error.created.json")));
        ((ObjectNode) event.get("data").get("error")).put("event_id", "777e0000000000000000000000000001").put("issue_id", "777");
        assertThat(deliver("acme-sentry", "issue", JSON.writeValueAsBytes(issue), ACME_SECRET).statusCode()).isEqualTo(202);
        var person = harness.server.personBearer();
        var noEventYet = open("777", person);
        assertThat(noEventYet.statusCode()).isEqualTo(409);
        assertThat(noEventYet.body()).contains("no event of Sentry issue '777' was stored yet");
        harness.server.clock.set(eventTime(JSON.writeValueAsBytes(event)).plusSeconds(2));
        var stored = deliver("acme-sentry", "error", JSON.writeValueAsBytes(event), ACME_SECRET);
        assertThat(stored.statusCode()).isEqualTo(202);
        var signature = JSON.readTree(stored.body()).get("signature").asString();

        var opened = open("777", person);
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        var incidentId = JSON.readTree(opened.body()).get("incident_id").asString();
        assertThat(open("777", person).body()).as("the same request again opens the same incident").contains(incidentId);
        // The retried request wrote the same event again (consumers keep one by its id).
        assertThat(harness.server.timeline().stream().filter(e -> e.incidentId().equals(incidentId)).distinct()).singleElement().satisfies(e -> {
            var detected = (Payload.IncidentDetected) e.payload();
            assertThat(detected.service()).isEqualTo("web");
            assertThat(detected.signature()).isEqualTo(signature);
            assertThat(detected.title()).isEqualTo("Sentry FRONT-END-9: ReferenceError: blooopy is not defined");
            assertThat(detected.source()).isEqualTo("api:alice");
        });
        // Another tenant's token does not find acme's issue; an unknown one is not found; a read token may not act.
        var globex = "Bearer " + harness.server.tokens.create("globex", "gina", java.util.Set.of(dev.debugd.access.Scope.ACT), "test");
        assertThat(open("777", globex).statusCode()).isEqualTo(404);
        assertThat(open("778", person).body()).isEqualTo("{\"error\":\"no Sentry issue '778'\"}");
        assertThat(open("777", harness.server.bearer()).statusCode()).isEqualTo(403);

        harness.server.recordAndProject(List.of());
        var detail = HTTP.send(HttpRequest.newBuilder(api.resolve("/v1/incidents/" + incidentId)).header("Authorization", person).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(detail.statusCode()).as(detail.body()).isEqualTo(200);
        assertThat(JSON.readTree(detail.body()).get("sentry_issues").valueStream().map(JsonNode::toString).toList())
                .contains("{\"issue_id\":\"777\",\"short_id\":\"FRONT-END-9\",\"title\":\"ReferenceError: blooopy is not defined\","
                        + "\"project\":\"front-end\"}");
    }

    private static HttpResponse<String> open(String issue, String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(api.resolve("/v1/sentry/issues/" + issue + "/incident")).header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_request_id\":\"sentry-777-incident\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBurstOfOneIssuesEventsTriggersTheDetector() throws Exception {
        // A stack of its own: the detector judges a tenant from its first bucket on, and the other tests' events are of 2019.
        try (var burst = new DetectorHarness()) {
            burstTriggersTheDetector(burst, sentryApi(burst));
        }
    }

    /** The docs' error.created, rewritten only in its event id and time: one event, then twelve in one bucket, twelve buckets later. */
    private static void burstTriggersTheDetector(DetectorHarness harness, URI api) throws Exception {
        var template = JSON.readTree(read(DOCS.resolve("error.created.json")));
        SENTRY_API.latestEvent("1170820242", JSON.writeValueAsBytes(template.get("data").get("error")));
        var grid = IngestServer.GRID;
        var start = Instant.parse("2026-06-01T12:00:00Z");
        long first = grid.bucketOf(start);
        var detector = harness.detector();
        var detections = new ArrayList<Detection>();
        String signature = null;
        int sent = 0;
        for (int b = 0; b < 16; b++) {
            int inBucket = b == 0 ? 1 : b == 12 ? 12 : 0;
            for (int i = 0; i < inBucket; i++) {
                var at = grid.start(first + b).plusMillis(500L * i);
                var event = template.deepCopy();
                var error = (ObjectNode) event.get("data").get("error");
                error.put("event_id", String.format("b0757%027x", ++sent));
                error.put("datetime", at.toString());
                error.put("timestamp", at.toEpochMilli() / 1000.0);
                harness.server.clock.set(at.plusSeconds(1));
                var response = deliver(api, "acme-sentry", "error", JSON.writeValueAsBytes(event), ACME_SECRET);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                signature = JSON.readTree(response.body()).get("signature").asString();
            }
            harness.server.clock.set(grid.end(first + b).plus(grid.lateness()).plus(DetectorHarness.GRACE).plusSeconds(1));
            detections.addAll(detector.runOnce());
        }
        var expected = signature;
        assertThat(detections).filteredOn(d -> d.tenant().equals("acme") && d.service().equals("web"))
                .singleElement().satisfies(detection -> {
                    assertThat(detection.rule()).isEqualTo(Detection.SPIKE);
                    assertThat(detection.signature()).isEqualTo(expected);
                    assertThat(detection.bucket()).isEqualTo(first + 12);
                });
        // The incident's context holds the Sentry events' exception, as the context builder reads it from the evidence.
        var detected = harness.timeline().stream().filter(e -> e.payload() instanceof Payload.IncidentDetected d
                && d.service().equals("web") && expected.equals(d.signature())).findFirst().orElseThrow();
        try (var configuration = new RecordedConfiguration(LocalStack.requireKafka().kafka(), harness.server.topics.topics,
                new Event.Agent("context-builder", "test"))) {
            var context = context(harness, configuration, detected, ref -> Optional.ofNullable(SECRETS.get(ref.name())));
            assertThat(context.incident().service()).isEqualTo("web");
            assertThat(context.exceptions()).singleElement().satisfies(e -> {
                assertThat(e.message()).isEqualTo("blooopy is not defined");
                assertThat(e.frames()).extracting(dev.debugd.context.snapshot.Context.Frame::module).containsExactly("runner");
            });
            // The Sentry issue of the events is listed; their one frame is not the app's, so the context read the issue's
            // latest event through Sentry's API (the stand-in serves the docs' event, with its one frame, as it).
            assertThat(context.sentry().issues()).extracting(dev.debugd.context.snapshot.Context.SentryIssue::issueId)
                    .containsExactly("1170820242");
            assertThat(context.sentry().note()).isEmpty();
            var latest = context.sentry().latestEvent();
            assertThat(latest.issueId()).isEqualTo("1170820242");
            assertThat(latest.eventId()).isEqualTo("bb78c1407cea4519aa397afc059c793d");
            assertThat(latest.exception().type()).isEqualTo("ReferenceError");
            assertThat(latest.exception().message()).isEqualTo("blooopy is not defined");
            assertThat(latest.exception().frames()).extracting(dev.debugd.context.snapshot.Context.Frame::function)
                    .containsExactly("");
            assertThat(SENTRY_API.requests()).contains(new SentryApiStandIn.Request("/api/0/issues/1170820242/events/latest/", true));

            // With a token Sentry refuses, the context says so (without the token) and stands on its evidence.
            var refused = context(harness, configuration, detected, ref -> Optional.of("sntrys_revoked"));
            assertThat(refused.sentry().latestEvent()).isNull();
            assertThat(refused.sentry().note()).isEqualTo("sentry: Sentry answered 401 for the latest event of issue 1170820242");
            assertThat(ContextJson.write(refused)).doesNotContain("sntrys_revoked");
        }
    }

    /** The context the context builder builds for this detection, reading Sentry's API with the credentials {@code secrets} finds. */
    private static dev.debugd.context.snapshot.Context context(DetectorHarness harness, RecordedConfiguration configuration,
            Event detected, java.util.function.Function<dev.debugd.operator.api.v1alpha1.SecretKeyRef, Optional<String>> secrets)
            throws Exception {
        var builder = new ContextBuilderWork(new EpisodeReader(harness.server.clickhouse, IngestServer.GRID),
                new CodeReader(GitHubCodeHost::connect, ref -> Optional.empty()), tenant -> {
                    configuration.catchUp();
                    return configuration.history(tenant);
                }, PastIncidentSearch.NONE, new SentryContextReader(new SentryIssues(harness.server.pool), secrets,
                        SentryApi::latestEvent));
        var task = new TaskMessage("acme/" + detected.incidentId() + "/ContextBuilt/IncidentDetected/1/cycle-1", "context-builder",
                "ContextBuilt", "acme", detected.incidentId(), 1, "1", new Payload.RecordPosition("t", 0, 0), UUID.randomUUID());
        var trigger = new TimelineRecord(detected, harness.server.topics.topics.name(Topic.TIMELINE), 0, 0);
        var built = (Payload.ContextBuilt) builder.handle(task, new TaskInput(trigger, Map.of()));
        return ContextJson.read(built.context().json());
    }

    private static Map<String, String> issueSignatures() throws Exception {
        var signatures = new java.util.TreeMap<String, String>();
        try (var connection = harness.server.database.connect(); var select = connection.prepareStatement(
                "SELECT issue_id, signature FROM ingest.sentry_issues WHERE tenant_id = 'acme' AND signature IS NOT NULL");
                var result = select.executeQuery()) {
            while (result.next()) {
                signatures.put(result.getString(1), result.getString(2));
            }
        }
        return signatures;
    }

    private static int count(String batchId) throws Exception {
        return harness.server.clickhouse.query("SELECT count() AS n FROM exceptions WHERE batch_id = '" + batchId + "'")
                .get(0).get("n").asInt();
    }

    private static Instant eventTime(byte[] body) {
        var data = JSON.readTree(body).get("data");
        var event = data.has("error") ? data.get("error") : data.get("event");
        return Instant.parse(event.get("datetime").asString());
    }

    private static String refusal(HttpResponse<String> response) {
        return response.statusCode() + " " + JSON.readTree(response.body()).get("error").asString();
    }

    private static byte[] read(Path file) throws Exception {
        return Files.readAllBytes(file);
    }

    private static HttpResponse<String> deliver(String integration, String resource, byte[] body, String secret) throws Exception {
        return deliver(api, integration, resource, body, secret);
    }

    /** A delivery as Sentry sends one: the resource header and the hex HMAC-SHA256 of the body with the client secret. */
    private static HttpResponse<String> deliver(URI api, String integration, String resource, byte[] body, String secret)
            throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        var request = HttpRequest.newBuilder(api.resolve("/v1/webhooks/sentry/" + integration)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Sentry-Hook-Resource", resource)
                .header("Sentry-Hook-Signature", HexFormat.of().formatHex(mac.doFinal(body)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
