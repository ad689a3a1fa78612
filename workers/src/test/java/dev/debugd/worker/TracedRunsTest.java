package dev.debugd.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.debugd.bench.rca.RcaScenario;
import dev.debugd.bench.rca.ScenarioContext;
import dev.debugd.context.snapshot.Context;
import dev.debugd.context.snapshot.ContextJson;
import dev.debugd.models.ProviderModels;
import dev.debugd.standins.llm.OpenAiStandIn;
import dev.debugd.standins.llm.Script;
import dev.debugd.standins.otlp.OtlpTraceReceiver;
import dev.debugd.standins.otlp.OtlpTraceReceiver.ReceivedSpan;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RawJson;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.tracing.AgentTracing;
import dev.debugd.workqueue.TaskMessage;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every agent run traced, over OTLP/HTTP into a local receiver that decodes the protobuf: one trace per run, a span per
 * request to a model, the attributes Langfuse reads, the trace id in the output, no key anywhere in the trace; and
 * tracing off or its receiver down changes nothing but the trace.
 */
class TracedRunsTest {

    private static final String KEY = "sk-test-9c2e41b07d3f58a6";
    private static final String RECEIVER_CREDENTIALS = "cGstbGYtMTIzOnNrLWxmLTQ1Ng==";
    private static final Context CONTEXT = scenarioContext();
    private static final Payload.AgentSetting SETTING = new Payload.AgentSetting("openai", "llama3.1:8b", 0.0, "v1", null);

    private OtlpTraceReceiver receiver;
    private OpenAiStandIn model;

    private static Context scenarioContext() {
        try {
            return ScenarioContext.of(RcaScenario.read(Path.of("../e2e/src/test/resources/rca/tuning.json")).stream()
                    .filter(s -> s.id().equals("java-orders-hikari-pool-exhausted")).findFirst().orElseThrow());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void start() throws IOException {
        receiver = OtlpTraceReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
        if (model != null) {
            model.close();
            assertThat(model.violations()).as("requests the stand-in refused").isEmpty();
        }
    }

    private AgentTracing tracingTo(String endpoint) {
        return AgentTracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint,
                "OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Basic%20" + RECEIVER_CREDENTIALS,
                "OTEL_BSP_SCHEDULE_DELAY", "20", "OTEL_EXPORTER_OTLP_TIMEOUT", "2000"), "worker");
    }

    private static TaskMessage task() {
        return new TaskMessage("acme/ep-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1", "rca", "RootCauseProposed", "acme",
                "ep-1", 1, "1.0.0", new Payload.RecordPosition("t", 0, 0), UUID.randomUUID(), Map.of());
    }

    private static TaskInput input() {
        var built = Event.create(Instant.parse("2026-05-01T10:20:00Z"), "acme", "ep-1", 1,
                new Payload.ContextBuilt(new RawJson(ContextJson.write(CONTEXT)), CONTEXT.missingSignals()),
                new Event.Agent("context-builder", "1"), "acme/ep-1/ContextBuilt/IncidentDetected/1/cycle-1", null);
        return new TaskInput(new TimelineRecord(built, "t", 0, 0), Map.of());
    }

    private List<ReceivedSpan> trace(String traceId, int spans) {
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().stream().filter(s -> s.traceId().equals(traceId)).count()
                >= spans);
        return receiver.spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    @Test
    void aBuiltinRunIsOneTraceWhoseIdTheOutputCarries() {
        try (var tracing = tracingTo(receiver.endpoint())) {
            var ran = new TracedRuns(tracing.tracer()).run(task(), input(), new BuiltinAgentWork());

            assertThat(ran.failure()).isNull();
            var cause = (Payload.RootCauseProposed) ran.output();
            assertThat(cause.traceId()).as("the trace id in the output").isEqualTo(ran.traceId()).matches("[0-9a-f]{32}");
            var spans = trace(ran.traceId(), 1);
            assertThat(spans).hasSize(1);
            var run = spans.get(0);
            assertThat(run.name()).isEqualTo("rca agent run");
            assertThat(run.parentSpanId()).as("a root span").isEmpty();
            assertThat(run.serviceName()).isEqualTo("debugd-worker");
            assertThat(run.attributes()).containsEntry("langfuse.trace.name", "debugd rca")
                    .containsEntry("langfuse.session.id", "acme/ep-1")
                    .containsEntry("debugd.task.key", "acme/ep-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1")
                    .containsEntry("debugd.task.type", "rca").containsEntry("debugd.agent.version", "1.0.0")
                    .containsEntry("debugd.outcome", "ok").containsEntry("debugd.reasoner", "builtin/builtin-rca-3");
            assertThat((Long) run.attributes().get("debugd.input.bytes")).as("the context's size, at least")
                    .isGreaterThan(ContextJson.write(CONTEXT).length());
            assertThat((Long) run.attributes().get("debugd.output.bytes")).isGreaterThan(cause.hypothesis().length());
            assertThat(receiver.headers()).allSatisfy(headers -> assertThat(headers.get("authorization"))
                    .as("OTEL_EXPORTER_OTLP_HEADERS sent, URL-decoded").containsExactly("Basic " + RECEIVER_CREDENTIALS));
        }
    }

    @Test
    void aModelRunHasASpanPerRequestWithTokensAndOutcomesAndNoKey() throws Exception {
        var answer = """
                {"hypotheses": [{"category": "pool_exhaustion", "statement": "The connection pool of orders is exhausted",
                 "confidence": 0.8, "evidence": ["%s"]}]}""".formatted(CONTEXT.exceptions().get(0).message());
        model = OpenAiStandIn.start(0, Script.answer(answer));
        model.forbid(KEY);
        model.script(Script.rateLimited(2), Script.malformedJson());
        var setting = new Payload.AgentSetting(SETTING.provider(), SETTING.model(), SETTING.temperature(), SETTING.promptVersion(),
                model.baseUrl().toString());
        try (var tracing = tracingTo(receiver.endpoint())) {
            var work = new ModelAgentWork(ProviderModels.connect(setting, Optional.of(KEY), Duration.ofSeconds(5)), setting,
                    pause -> { }, tracing.tracer());
            var ran = new TracedRuns(tracing.tracer()).run(task(), input(), work);

            assertThat(ran.failure()).isNull();
            assertThat(((Payload.RootCauseProposed) ran.output()).traceId()).isEqualTo(ran.traceId());
            var spans = trace(ran.traceId(), 4);
            var run = spans.stream().filter(s -> s.parentSpanId().isEmpty()).toList();
            assertThat(run).hasSize(1);
            var calls = spans.stream().filter(s -> !s.parentSpanId().isEmpty())
                    .sorted(java.util.Comparator.comparing(s -> (Long) s.attributes().get("debugd.attempt"))).toList();
            assertThat(calls).as("one span per request, children of the run").hasSize(3)
                    .allSatisfy(call -> {
                        assertThat(call.parentSpanId()).isEqualTo(run.get(0).spanId());
                        assertThat(call.name()).isEqualTo("chat llama3.1:8b");
                        assertThat(call.attributes()).containsEntry("gen_ai.operation.name", "chat")
                                .containsEntry("gen_ai.system", "openai").containsEntry("gen_ai.request.model", "llama3.1:8b")
                                .containsEntry("langfuse.observation.type", "generation").containsEntry("debugd.prompt.version", "v1")
                                .containsKey("debugd.input.bytes").containsKey("debugd.latency_ms");
                    });
            assertThat(calls).extracting(call -> call.attributes().get("debugd.outcome"))
                    .containsExactly("failed", "invalid", "answered");
            assertThat(calls.get(0).error()).isTrue();
            assertThat(calls.get(0).attributes()).containsEntry("debugd.retry_after_ms", 2000L);
            assertThat(calls.get(2).attributes()).containsKey("gen_ai.usage.input_tokens").containsKey("gen_ai.usage.output_tokens");
            assertThat((Long) calls.get(2).attributes().get("gen_ai.usage.output_tokens")).isPositive();
            assertThat(run.get(0).attributes()).containsEntry("debugd.reasoner", "openai/llama3.1:8b@v1");
            assertThat(receiver.bodies()).as("the key in no trace").noneMatch(body -> body.contains(KEY));
        }
    }

    @Test
    void aFailedRunIsTracedAsAnErrorWithItsOutcome() {
        try (var tracing = tracingTo(receiver.endpoint())) {
            var ran = new TracedRuns(tracing.tracer()).run(task(), input(), (task, input) -> {
                throw new UnworkableTask("the model refused: no");
            });

            assertThat(ran.failure()).isInstanceOf(UnworkableTask.class);
            var run = trace(ran.traceId(), 1).get(0);
            assertThat(run.error()).isTrue();
            assertThat(run.attributes()).containsEntry("debugd.outcome", "unworkable");
        }
    }

    @Test
    void withTracingOffTheOutputIsTheHandlersAndCarriesNoTraceId() throws Exception {
        var ran = new TracedRuns(AgentTracing.off().tracer()).run(task(), input(), new BuiltinAgentWork());

        assertThat(ran.traceId()).isNull();
        assertThat(ran.output()).isEqualTo(new BuiltinAgentWork().handle(task(), input()));
        assertThat(AgentTracing.fromEnvironment(Map.of(), "worker").on()).as("no endpoint, no tracing").isFalse();
    }

    @Test
    void withTheReceiverDownRunsSucceedAndTheLostSpansAreCounted() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (var tracing = AgentTracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + closedPort,
                "OTEL_BSP_SCHEDULE_DELAY", "20"), "worker")) {
            tracing.bindTo(metrics);
            var runs = new TracedRuns(tracing.tracer());
            for (int i = 0; i < 3; i++) {
                var ran = runs.run(task(), input(), new BuiltinAgentWork());
                assertThat(ran.failure()).isNull();
                assertThat(ran.traceId()).isNotNull();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> tracing.droppedSpans() >= 3);
            assertThat(metrics.get(AgentTracing.DROPPED_METRIC).functionCounter().count()).isGreaterThanOrEqualTo(3);
            assertThat(metrics.scrape()).as("as a worker's /metrics shows it").contains("debugd_agent_trace_spans_dropped_total");
        }
    }

    @Test
    void aFullQueueDropsSpansWithoutWaitingAndCountsThem() throws IOException {
        // A receiver that takes connections and never answers: the one export in flight hangs, the queue of two fills.
        try (var hanging = new ServerSocket(0);
                var tracing = AgentTracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:"
                        + hanging.getLocalPort(), "OTEL_EXPORTER_OTLP_TIMEOUT", "30000", "OTEL_BSP_MAX_QUEUE_SIZE", "2",
                        "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "2", "OTEL_BSP_SCHEDULE_DELAY", "10"), "worker")) {
            var runs = new TracedRuns(tracing.tracer());
            for (int i = 0; i < 10; i++) {
                assertThat(runs.run(task(), input(), new BuiltinAgentWork()).failure()).isNull();
            }
            // At most two in the hanging export and two in the queue; the others were dropped as they ended.
            assertThat(tracing.droppedSpans()).as("dropped from the full queue").isBetween(6L, 8L);
        }
    }
}
