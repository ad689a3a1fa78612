package dev.debugd.e2e.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.context.CodeReader;
import dev.debugd.context.ContextBuilderWork;
import dev.debugd.context.PastIncidentSearch;
import dev.debugd.context.SentryContext;
import dev.debugd.context.EpisodeReader;
import dev.debugd.context.snapshot.ContextJson;
import dev.debugd.detect.RecordedDetectionSettings;
import dev.debugd.e2e.detect.DetectorHarness;
import dev.debugd.e2e.ingest.IngestServer;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.evidence.Evidence;
import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.LogLine;
import dev.debugd.evidence.RequestRecord;
import dev.debugd.integrations.github.GitHubCodeHost;
import dev.debugd.manifests.ConfigFacts;
import dev.debugd.manifests.Manifest;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.timeline.kafka.RecordedConfiguration;
import dev.debugd.worker.TaskInput;
import dev.debugd.workqueue.TaskMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The context builder on the real stack: the episode window read from ClickHouse, redacted, and the same bytes when it
 * is built again after late rows arrived and the settings changed; suppressed when the rules recorded at detection say so.
 */
class ContextBuilderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.Qm9ndXNTaWduYXR1cmVGb3JUZXN0czEyMzQ1Ng";

    private static Event tenantFact(String spec, long generation, Instant time) {
        var manifest = Manifest.of(JSON.readTree("{\"apiVersion\": \"debugd.dev/v1alpha1\", \"kind\": \"Tenant\", \"metadata\":"
                + " {\"name\": \"acme\"}, \"spec\": " + spec + "}"), "test");
        return ConfigFacts.fact(manifest, generation, time);
    }

    /** One bucket of the checkout service: healthy requests, and in fault buckets the new exception and its log line. */
    private static Evidence bucket(long bucket, String deploy, boolean fault) {
        var start = IngestServer.GRID.start(bucket);
        var requests = new ArrayList<RequestRecord>();
        var exceptions = new ArrayList<ExceptionEvent>();
        var logs = new ArrayList<LogLine>();
        for (int i = 0; i < 20; i++) {
            boolean failed = fault && i < 6;
            requests.add(new RequestRecord(start.plusMillis(i * 400L), "checkout", "/pay", failed ? 500 : 200, 12, deploy, "", ""));
            if (failed) {
                exceptions.add(new ExceptionEvent(start.plusMillis(i * 400L), "checkout", "/pay", deploy, "", "",
                        "java.lang.IllegalStateException", "coupon service rejected token " + JWT,
                        List.of(new ExceptionEvent.Frame("com.acme.shop.cart.Coupons", "apply", "Coupons.java", 41, true),
                                new ExceptionEvent.Frame("com.acme.shop.cart.CartService", "total", "CartService.java", 88, true),
                                new ExceptionEvent.Frame("java.lang.Thread", "run", "Thread.java", 1583, false)), List.of()));
                logs.add(new LogLine(start.plusMillis(i * 400L), "checkout", "ERROR", "checkout failed for jane.doe@example.com",
                        "/pay", deploy, "", "", "stderr"));
            }
        }
        logs.add(new LogLine(start, "checkout", "WARN", "GC pause 120ms", "", deploy, "", "", "stdout"));
        return new Evidence(logs, exceptions, requests);
    }

    @Test
    void theSameContextIsBuiltAgainAfterLateRowsAndASettingsChangeAndSuppressionIsAsRecorded() throws Exception {
        var grid = IngestServer.GRID;
        try (var harness = new DetectorHarness(); var configuration = new RecordedConfiguration(LocalStack.endpoints().kafka(),
                harness.server.topics.topics, new Event.Agent("context-builder", "test"))) {
            var server = harness.server;
            long first = grid.bucketOf(server.clock.instant()) + 1;
            server.writer.writeAll(List.of(tenantFact("{}", 1, grid.start(first).minusSeconds(3600))));
            var detector = harness.detector(server.clickhouse, new RecordedDetectionSettings(configuration));
            for (int b = 0; b < 16; b++) {
                server.clock.set(grid.end(first + b).plusSeconds(1));
                harness.send(server.token, "context-" + b, bucket(first + b, b < 12 ? "d1" : "d2", b >= 12));
            }
            server.clock.set(grid.watermark(first + 16).plus(DetectorHarness.GRACE).plusSeconds(1));
            detector.runOnce();
            // The exception's incident (its error log line is new too, and is an incident of its own).
            var signature = dev.debugd.signature.ErrorSignature.of(bucket(first + 12, "d2", true).exceptions().get(0));
            var detected = harness.timeline().stream().filter(e -> e.payload() instanceof Payload.IncidentDetected d
                    && d.rule().equals("novelty") && d.signature().equals(signature)).findFirst().orElseThrow();
            var trigger = new TimelineRecord(detected, server.topics.topics.name(dev.debugd.timeline.Topic.TIMELINE), 0, 0);
            var task = new TaskMessage("acme/" + detected.incidentId() + "/ContextBuilt/IncidentDetected/1/cycle-1", "context-builder",
                    "ContextBuilt", "acme", detected.incidentId(), 1, "1", new Payload.RecordPosition("t", 0, 0), UUID.randomUUID());
            // No GitHub Integration here: the code in a context is CodeReaderTest's (against the GitHub stand-in).
            var builder = new ContextBuilderWork(new EpisodeReader(server.clickhouse, grid),
                    new CodeReader(GitHubCodeHost::connect, ref -> Optional.empty()), tenant -> {
                configuration.catchUp();
                return configuration.history(tenant);
            }, PastIncidentSearch.NONE, SentryContext.NONE);

            var built = (Payload.ContextBuilt) builder.handle(task, new TaskInput(trigger, java.util.Map.of()));
            var json = built.context().json();
            var context = ContextJson.read(json);
            assertThat(context.incident().service()).isEqualTo("checkout");
            assertThat(context.window().faultFrom()).isEqualTo(grid.start(grid.bucketOf(((Payload.IncidentDetected) detected.payload())
                    .episodeStart())));
            assertThat(context.window().from()).as("the default baseline: 10 buckets").isEqualTo(context.window().faultFrom()
                    .minus(grid.width().multipliedBy(10)));
            assertThat(context.exceptions()).singleElement().satisfies(e -> {
                assertThat(e.message()).isEqualTo("coupon service rejected token <redacted:jwt>");
                assertThat(e.frames()).extracting(dev.debugd.context.snapshot.Context.Frame::module).startsWith("com.acme.shop.cart.Coupons");
                assertThat(e.deployHash()).isEqualTo("d2");
            });
            assertThat(context.logLines().get(0).message()).isEqualTo("checkout failed for <redacted:email>");
            assertThat(context.deploys()).extracting(d -> d.deployHash() + " " + d.faultBeganWithIt()).containsExactly("d1 false", "d2 true");
            assertThat(context.missingSignals()).containsExactly("request_id", "trace_id");
            assertThat(built.missingSignals()).isEqualTo(context.missingSignals());
            assertThat(json).doesNotContain(JWT.substring(0, 20)).doesNotContain("jane.doe@example.com");

            // Late rows for the fault's buckets, and a settings change after the detection: the same bytes.
            harness.send(server.token, "context-late", bucket(first + 13, "d2", true));
            server.writer.writeAll(List.of(tenantFact("{\"detection\": {\"baselineBuckets\": 3}}", 2, server.clock.instant())));
            var again = (Payload.ContextBuilt) builder.handle(task, new TaskInput(trigger, java.util.Map.of()));
            assertThat(again.context().json()).isEqualTo(json);

            // Suppression rules recorded before the detection count; they make the incident suppressed.
            server.writer.writeAll(List.of(tenantFact("{\"suppression\": {\"services\": [\"checkout\"]}}", 3,
                    detected.time().minusSeconds(1))));
            assertThat(builder.handle(task, new TaskInput(trigger, java.util.Map.of()))).isEqualTo(new Payload.IncidentSuppressed(
                    "service checkout is suppressed by the tenant's rules", "service", "suppression_rule"));
        }
    }
}
