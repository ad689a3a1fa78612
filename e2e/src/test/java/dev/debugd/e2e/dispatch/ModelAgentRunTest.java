package dev.debugd.e2e.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.debugd.bench.rca.RcaScenario;
import dev.debugd.bench.rca.ScenarioContext;
import dev.debugd.context.snapshot.Context;
import dev.debugd.context.snapshot.ContextJson;
import dev.debugd.dispatch.rules.TaskType;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.standins.llm.OpenAiStandIn;
import dev.debugd.standins.llm.Script;
import dev.debugd.standins.otlp.OtlpTraceReceiver;
import dev.debugd.standins.otlp.OtlpTraceReceiver.ReceivedSpan;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RawJson;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.tracing.AgentTracing;
import dev.debugd.worker.AgentWork;
import dev.debugd.worker.WorkerShell;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The RCA Agent on a model, on the real stack through the worker shell and the dispatcher: its profile names the
 * OpenAI-protocol stand-in and a Secret key; each scripted answer ends as documented — the root cause, retries within
 * the run (a 429, a 500, malformed JSON, an answer cut off, a quote the context does not hold, an answer past the
 * timeout), the task abandoned at once (a refusal) or after its receive budget (answers that never validate) — each run
 * is one trace in a local OTLP receiver whose id its event carries, and the key appears in no record, no log line and no
 * trace.
 */
class ModelAgentRunTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final WorkerShell.AfterOutput NOTHING = task -> { };
    private static final String KEY = "sk-e2e-5d1f0c9a8b7e6d4c";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static Context scenario(String id) throws Exception {
        return ScenarioContext.of(RcaScenario.read(LocalStack.root().resolve("e2e/src/test/resources/rca/tuning.json")).stream()
                .filter(s -> s.id().equals(id)).findFirst().orElseThrow());
    }

    private static String answer(String quote) {
        return """
                {"hypotheses": [{"category": "pool_exhaustion", "statement": "The connection pool of orders is exhausted",
                 "confidence": 0.85, "evidence": ["%s"]}]}""".formatted(quote.replace("\\", "\\\\").replace("\"", "\\\""));
    }

    private static String key(String incident) {
        return "acme/" + incident + "/RootCauseProposed/ContextBuilt/2.0.0/cycle-1";
    }

    @Test
    void eachScriptedAnswerEndsAsDocumentedAndTheKeyIsNowhere() throws Exception {
        var context = scenario("java-orders-hikari-pool-exhausted");
        var quote = context.exceptions().get(0).message();
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        var pauses = new CopyOnWriteArrayList<Duration>();
        try (var model = OpenAiStandIn.start(0, Script.answer(answer(quote)));
                var receiver = OtlpTraceReceiver.start();
                var tracing = AgentTracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                        "OTEL_BSP_SCHEDULE_DELAY", "50"), "rca-worker");
                var loop = new Loop(Duration.ofSeconds(2), Duration.ofSeconds(6), 2)) {
            model.requireModel("llama3.1:8b");
            model.forbid(KEY);
            loop.configure(T0, Loop.tenant("acme", 0.7), "{'apiVersion':'debugd.dev/v1alpha1','kind':'AgentProfile','metadata':"
                    + "{'name':'acme-rca'},'spec':{'tenant':'acme','agent':'rca','version':'2.0.0','provider':'openai',"
                    + "'model':'llama3.1:8b','baseUrl':'" + model.baseUrl() + "','credentials':{'name':'acme-openai','key':'api-key'}}}",
                    Loop.agent("acme", "fix", "1.0.0"), Loop.agent("acme", "instrumentation", "1.0.0"));
            loop.startDispatcher(step -> { });
            // The context builder's output for these hand-written incidents: a scenario's context.
            loop.worker("acme", TaskType.CONTEXT_BUILDER, "1", (task, input) -> new Payload.ContextBuilt(
                    new RawJson(ContextJson.write(context)), context.missingSignals()), NOTHING);
            loop.worker("acme", TaskType.RCA, "2.0.0", new AgentWork(loop::recorded,
                    ref -> ref.name().equals("acme-openai") && ref.key().equals("api-key") ? Optional.of(KEY) : Optional.empty(),
                    Duration.ofSeconds(5), pauses::add, tracing.tracer()), NOTHING, tracing.tracer());

            // A rate limit, then an answer that is not JSON, then a valid one: one run, done.
            model.script(Script.rateLimited(3), Script.malformedJson());
            loop.detect("acme", "inc-1", T0.plusSeconds(60));
            loop.pumpUntil(() -> loop.done().contains(key("inc-1")), PATIENCE, "inc-1 has its root cause");
            var cause = loop.history().stream().map(TimelineRecord::event)
                    .filter(e -> e.payload() instanceof Payload.RootCauseProposed && e.idempotencyKey().equals(key("inc-1")))
                    .map(e -> (Payload.RootCauseProposed) e.payload()).findFirst().orElseThrow();
            assertThat(cause.reasoner()).isEqualTo("openai/llama3.1:8b@v1");
            assertThat(cause.evidence()).containsExactly(quote);
            assertThat(cause.usage().attempts()).isEqualTo(3);
            assertThat(pauses).containsExactly(Duration.ofSeconds(3));

            // A 500, an answer cut off at the token limit, one quoting a line the context does not hold, one past the
            // timeout, then a valid one: the same run, seven requests short of nothing.
            model.script(Script.serverError(), Script.truncated(), Script.answer(answer("a line that is in no log")),
                    Script.slow(Duration.ofSeconds(7), answer(quote)));
            loop.detect("acme", "inc-4", T0.plusSeconds(90));
            loop.pumpUntil(() -> loop.done().contains(key("inc-4")), PATIENCE, "inc-4 has its root cause");
            var retried = loop.history().stream().map(TimelineRecord::event)
                    .filter(e -> e.payload() instanceof Payload.RootCauseProposed && e.idempotencyKey().equals(key("inc-4")))
                    .map(e -> (Payload.RootCauseProposed) e.payload()).findFirst().orElseThrow();
            assertThat(retried.evidence()).containsExactly(quote);
            assertThat(retried.usage().attempts()).as("500, truncated, invented quote, timeout, valid").isEqualTo(5);

            // A refusal ends the task at once.
            model.script(Script.refusal("I can't help with that."));
            loop.detect("acme", "inc-2", T0.plusSeconds(120));
            loop.pumpUntil(() -> abandoned(loop, key("inc-2")).isPresent(), PATIENCE, "inc-2's task is abandoned");
            assertThat(abandoned(loop, key("inc-2")).get().reason()).isEqualTo("retrying cannot mend it: the model refused:"
                    + " I can't help with that.");

            // Answers that never validate: each run asks three times and fails; after the receive budget the task is
            // dead-lettered and abandoned.
            model.script(Script.schemaViolating(), Script.schemaViolating(), Script.schemaViolating(), Script.schemaViolating(),
                    Script.schemaViolating(), Script.schemaViolating());
            loop.detect("acme", "inc-3", T0.plusSeconds(180));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (abandoned(loop, key("inc-3")).isEmpty()) {
                assertThat(System.nanoTime()).as("inc-3's task is abandoned").isLessThan(deadline);
                loop.pump();
                loop.dispatcher().collectDeadLetters();
            }
            var failures = loop.history().stream().map(TimelineRecord::event)
                    .filter(e -> e.payload() instanceof Payload.AgentRunFailed f && f.taskKey().equals(key("inc-3"))).toList();
            assertThat(failures).hasSize(2).allSatisfy(e -> assertThat(((Payload.AgentRunFailed) e.payload()).error())
                    .contains("no valid answer from openai/llama3.1:8b@v1 after 3 answer(s)"));

            // One trace per run, its id in the run's event: the answer (three requests), the refusal, two failed runs.
            assertThat(tracing.flush(10)).as("every span delivered").isTrue();
            var runs = receiver.spans().stream().filter(span -> span.parentSpanId().isEmpty()).toList();
            assertThat(runs).extracting(span -> span.attributes().get("debugd.task.key"))
                    .containsExactlyInAnyOrder(key("inc-1"), key("inc-4"), key("inc-2"), key("inc-3"), key("inc-3"));
            assertThat(runs).extracting(ReceivedSpan::traceId).doesNotHaveDuplicates();
            assertThat(trace(receiver, cause.traceId())).as("inc-1's trace: its run and three requests").hasSize(4)
                    .anySatisfy(span -> assertThat(span.attributes()).containsEntry("debugd.outcome", "ok")
                            .containsEntry("debugd.task.type", "rca").containsEntry("debugd.agent.version", "2.0.0"))
                    .filteredOn(span -> !span.parentSpanId().isEmpty())
                    .extracting(span -> span.attributes().get("debugd.outcome")).containsExactlyInAnyOrder("failed", "invalid",
                            "answered");
            assertThat(trace(receiver, retried.traceId())).filteredOn(span -> !span.parentSpanId().isEmpty())
                    .extracting(span -> span.attributes().get("debugd.outcome"))
                    .containsExactlyInAnyOrder("failed", "invalid", "invalid", "failed", "answered");
            var refused = runFailures(loop, key("inc-2"));
            assertThat(refused).hasSize(1);
            assertThat(trace(receiver, refused.get(0).traceId())).filteredOn(span -> span.parentSpanId().isEmpty()).singleElement()
                    .satisfies(span -> assertThat(span.attributes()).containsEntry("debugd.outcome", "unworkable"));
            for (var failed : runFailures(loop, key("inc-3"))) {
                assertThat(trace(receiver, failed.traceId())).as("a failed run: three answers that never validate").hasSize(4)
                        .filteredOn(span -> !span.parentSpanId().isEmpty())
                        .allSatisfy(span -> assertThat(span.attributes()).containsEntry("debugd.outcome", "invalid"));
            }
            assertThat(receiver.bodies()).as("the key in no trace").isNotEmpty().noneMatch(body -> body.contains(KEY));

            assertThat(model.violations()).as("requests the stand-in refused (wrong model, a key in the prompt)").isEmpty();
            var codec = new EventCodec();
            for (var record : loop.history()) {
                assertThat(new String(codec.encode(record.event()), StandardCharsets.UTF_8)).doesNotContain(KEY);
            }
            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).isNotEmpty()
                    .noneMatch(line -> line.contains(KEY));
        } finally {
            root.detachAppender(appender);
        }
    }

    private static List<ReceivedSpan> trace(OtlpTraceReceiver receiver, String traceId) {
        assertThat(traceId).as("a trace id in the event").isNotNull();
        return receiver.spans().stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    private static List<Payload.AgentRunFailed> runFailures(Loop loop, String key) {
        return loop.history().stream().map(TimelineRecord::event)
                .filter(e -> e.payload() instanceof Payload.AgentRunFailed f && f.taskKey().equals(key))
                .map(e -> (Payload.AgentRunFailed) e.payload()).toList();
    }

    private static Optional<Payload.TaskAbandoned> abandoned(Loop loop, String key) {
        return loop.history().stream().map(TimelineRecord::event)
                .filter(e -> e.payload() instanceof Payload.TaskAbandoned a && a.taskKey().equals(key))
                .map(e -> (Payload.TaskAbandoned) e.payload()).findFirst();
    }
}
