package dev.debugd.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.debugd.bench.rca.RcaScenario;
import dev.debugd.bench.rca.ScenarioContext;
import dev.debugd.context.snapshot.Context;
import dev.debugd.context.snapshot.ContextJson;
import dev.debugd.models.ProviderModels;
import dev.debugd.operator.api.v1alpha1.ModelPrices;
import dev.debugd.standins.llm.OpenAiStandIn;
import dev.debugd.standins.llm.Script;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RawJson;
import dev.debugd.timeline.RootCauseCategory;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.workqueue.TaskMessage;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The RCA Agent on a model, over HTTP against the OpenAI-protocol stand-in through langchain4j: each scripted answer
 * ends as documented — an answer, a retry with what was wrong, a pause as long as the provider asked, or the end of
 * the task.
 */
class ModelAgentWorkTest {

    private static final String KEY = "sk-test-3f9a1c0d7e5b42a8";
    private static final Payload.AgentSetting SETTING = new Payload.AgentSetting("openai", "llama3.1:8b", 0.0, "v1", null);
    private static final Context CONTEXT = scenarioContext();
    private static final String QUOTE = CONTEXT.exceptions().get(0).message();

    private OpenAiStandIn model;
    private final List<Duration> pauses = new ArrayList<>();

    private static Context scenarioContext() {
        try {
            return ScenarioContext.of(RcaScenario.read(Path.of("../e2e/src/test/resources/rca/tuning.json")).stream()
                    .filter(s -> s.id().equals("java-orders-hikari-pool-exhausted")).findFirst().orElseThrow());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String answer(String quote) {
        return """
                {"hypotheses": [{"category": "pool_exhaustion", "statement": "The connection pool of orders is exhausted",
                 "confidence": 0.8, "evidence": ["%s"]}]}""".formatted(quote.replace("\\", "\\\\").replace("\"", "\\\""));
    }

    @BeforeEach
    void start() throws Exception {
        model = OpenAiStandIn.start(0, Script.answer(answer(QUOTE)));
        model.requireModel("llama3.1:8b");
        model.forbid(KEY);
    }

    @AfterEach
    void stop() {
        model.close();
        assertThat(model.violations()).as("requests the stand-in refused").isEmpty();
    }

    private Payload run(Duration timeout) throws Exception {
        return run(timeout, null);
    }

    private Payload run(Duration timeout, ModelPrices prices) throws Exception {
        var setting = new Payload.AgentSetting(SETTING.provider(), SETTING.model(), SETTING.temperature(), SETTING.promptVersion(),
                model.baseUrl().toString(), null, prices);
        var work = new ModelAgentWork(ProviderModels.connect(setting, Optional.of(KEY), timeout), setting, pauses::add, OpenTelemetry.noop().getTracer("test"));
        var built = Event.create(Instant.parse("2026-05-01T10:20:00Z"), "acme", "ep-1", 1,
                new Payload.ContextBuilt(new RawJson(ContextJson.write(CONTEXT)), CONTEXT.missingSignals()),
                new Event.Agent("context-builder", "1"), "acme/ep-1/ContextBuilt/IncidentDetected/1/cycle-1", null);
        var task = new TaskMessage("acme/ep-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1", "rca", "RootCauseProposed", "acme",
                "ep-1", 1, "1.0.0", new Payload.RecordPosition("t", 0, 0), UUID.randomUUID(), Map.of());
        return work.handle(task, new TaskInput(new TimelineRecord(built, "t", 0, 0), Map.of()));
    }

    private Payload run() throws Exception {
        return run(Duration.ofSeconds(5));
    }

    /** The Fix or Instrumentation Agent's task: its trigger a root cause, its context the cycle's ContextBuilt. */
    private Payload runFrom(String agent, double confidence) throws Exception {
        var setting = new Payload.AgentSetting(SETTING.provider(), SETTING.model(), SETTING.temperature(), SETTING.promptVersion(),
                model.baseUrl().toString());
        var work = new ModelAgentWork(ProviderModels.connect(setting, Optional.of(KEY), Duration.ofSeconds(5)), setting, pauses::add, OpenTelemetry.noop().getTracer("test"));
        var built = Event.create(Instant.parse("2026-05-01T10:20:00Z"), "acme", "ep-1", 1,
                new Payload.ContextBuilt(new RawJson(ContextJson.write(CONTEXT)), CONTEXT.missingSignals()),
                new Event.Agent("context-builder", "1"), "acme/ep-1/ContextBuilt/IncidentDetected/1/cycle-1", null);
        var cause = Event.create(Instant.parse("2026-05-01T10:20:05Z"), "acme", "ep-1", 1, new Payload.RootCauseProposed(
                "The connection pool of orders is exhausted", RootCauseCategory.POOL_EXHAUSTION, confidence, List.of(QUOTE), null),
                new Event.Agent("rca", "1.0.0"), "acme/ep-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1", null);
        var output = agent.equals("fix") ? "FixDrafted" : "InstrumentationProposed";
        var task = new TaskMessage("acme/ep-1/" + output + "/RootCauseProposed/1.0.0/cycle-1", agent, output, "acme", "ep-1", 1,
                "1.0.0", new Payload.RecordPosition("t", 0, 1), UUID.randomUUID(),
                Map.of("context", new Payload.RecordPosition("t", 0, 0)));
        return work.handle(task, new TaskInput(new TimelineRecord(cause, "t", 0, 1),
                Map.of("context", new TimelineRecord(built, "t", 0, 0))));
    }

    @Test
    void withPromptV2TheModelIsToldOfPastIncidentsAndMayCiteOne() throws Exception {
        var past = new Context.PastIncident("ep-0", 1, "orders-api", "New error in orders-api", Instant.parse("2026-04-01T10:00:00Z"),
                Instant.parse("2026-04-01T11:00:00Z"), "evaluation passed", "pool_exhaustion", "The pool of orders-api is exhausted",
                0.8, "Raise the pool to 40", "pass", "the error stopped", 0.86);
        var context = CONTEXT.withPastIncidents(List.of(past), "");
        model.script(Script.answer("""
                {"hypotheses": [{"category": "pool_exhaustion", "statement": "The pool is exhausted again, as in ep-0",
                 "confidence": 0.85, "evidence": ["past incident ep-0"]}]}"""));
        var setting = new Payload.AgentSetting("openai", "llama3.1:8b", 0.0, "v2", model.baseUrl().toString());
        var work = new ModelAgentWork(ProviderModels.connect(setting, Optional.of(KEY), Duration.ofSeconds(5)), setting, pauses::add,
                OpenTelemetry.noop().getTracer("test"));
        var built = Event.create(Instant.parse("2026-05-01T10:20:00Z"), "acme", "ep-1", 1,
                new Payload.ContextBuilt(new RawJson(ContextJson.write(context)), context.missingSignals()),
                new Event.Agent("context-builder", "1"), "acme/ep-1/ContextBuilt/IncidentDetected/1/cycle-1", null);
        var task = new TaskMessage("acme/ep-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1", "rca", "RootCauseProposed", "acme",
                "ep-1", 1, "1.0.0", new Payload.RecordPosition("t", 0, 0), UUID.randomUUID(), Map.of());
        var answer = (Payload.RootCauseProposed) work.handle(task, new TaskInput(new TimelineRecord(built, "t", 0, 0), Map.of()));
        assertThat(answer.evidence()).containsExactly("past incident ep-0");
        assertThat(answer.reasoner()).endsWith("@v2");
        var sent = model.requests().get(0).body().toString();
        assertThat(sent).as("the system text and the context").contains("past_incidents lists",
                "cite one by quoting", "Raise the pool to 40");
    }

    @Test
    void theFixAgentOnAModelDescribesAChangeAndNeverKeepsADiffOfCodeTheContextDoesNotHold() throws Exception {
        var described = "{\"summary\": \"Size the pool for the load and find the connections held too long\", \"rationale\":"
                + " \"The pool is exhausted\", \"risk\": \"More connections load the database\", \"diff\": \"\"}";
        var invented = "{\"summary\": \"Raise the pool size\", \"rationale\": \"r\", \"risk\": \"k\", \"diff\":"
                + " \"--- a/src/Pool.java\\n+++ b/src/Pool.java\\n@@ -1,1 +1,1 @@\\n-int size = 10;\\n+int size = 50;\\n\"}";
        model.script(Script.answer(invented), Script.answer(described));

        var fix = (Payload.FixDrafted) runFrom("fix", 0.85);

        assertThat(fix.summary()).isEqualTo("Size the pool for the load and find the connections held too long");
        assertThat(fix.hasPatch()).isFalse();
        assertThat(fix.reasoner()).isEqualTo("openai/llama3.1:8b@v1");
        assertThat(fix.usage().attempts()).isEqualTo(2);
        var asked = model.requests().stream().map(r -> r.body().toString()).toList();
        assertThat(asked.get(0)).contains("pool_exhaustion (confidence 0.85): The connection pool of orders is exhausted");
        assertThat(asked.get(1)).contains("the diff does not apply to the code in the context");
    }

    @Test
    void theInstrumentationAgentOnAModelTiesEachAdditionToAMissingSignal() throws Exception {
        var missing = CONTEXT.missingSignals();
        assertThat(missing).as("the scenario's requests have a route and no trace id").contains("trace_id").doesNotContain("route");
        var untied = "{\"summary\": \"s\", \"additions\": [{\"signal\": \"route\", \"change\": \"log the route\"}],"
                + " \"diff\": \"\"}";
        var tied = "{\"summary\": \"Trace orders' requests\", \"additions\": [{\"signal\": \"trace_id\", \"change\":"
                + " \"start a span per request and log its trace_id\"}, {\"signal\": \"cause\", \"change\": \"log the pool's"
                + " active and idle connections when a request waits\"}], \"diff\": \"\"}";
        model.script(Script.answer(untied), Script.answer(tied));

        var proposal = (Payload.InstrumentationProposed) runFrom("instrumentation", 0.3);

        assertThat(proposal.additions()).containsExactly("trace_id: start a span per request and log its trace_id",
                "cause: log the pool's active and idle connections when a request waits");
        assertThat(proposal.missingSignals()).isEqualTo(missing);
        assertThat(proposal.hasPatch()).isFalse();
        assertThat(proposal.usage().attempts()).isEqualTo(2);
        assertThat(model.requests().get(1).body().toString()).contains("an addition for 'route', which the context does not miss");
    }

    @Test
    void aValidAnswerIsTheRootCauseWithItsModelItsTokensAndItsPromptVersion() throws Exception {
        var cause = (Payload.RootCauseProposed) run();

        assertThat(cause.category()).isEqualTo(RootCauseCategory.POOL_EXHAUSTION);
        assertThat(cause.evidence()).containsExactly(QUOTE);
        assertThat(cause.reasoner()).isEqualTo("openai/llama3.1:8b@v1");
        assertThat(cause.usage().model()).isEqualTo("llama3.1:8b");
        assertThat(cause.usage().attempts()).isEqualTo(1);
        assertThat(cause.usage().inputTokens()).isPositive();
        assertThat(cause.usage().outputTokens()).isPositive();
        var request = model.requests().get(0);
        assertThat(request.keyPresent()).isTrue();
        assertThat(request.structured()).as("the answer's schema sent in the structured-output mode").isTrue();
        assertThat(request.body().toString()).contains("pool_exhaustion", "java-orders").doesNotContain(KEY);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aRunCostsWhatItsTokensCostByTheProfilesPrices() throws Exception {
        var cause = (Payload.RootCauseProposed) run(Duration.ofSeconds(5), new ModelPrices(2.0, 8.0));

        var usage = cause.usage();
        assertThat(usage.cost()).isCloseTo(usage.inputTokens() * 2.0 / 1_000_000 + usage.outputTokens() * 8.0 / 1_000_000,
                within(1e-12)).isPositive();
        assertThat(((Payload.RootCauseProposed) run()).usage().cost()).as("no prices, no cost").isNull();
    }

    @Test
    void anInvalidAnswerIsAskedAgainWithWhatWasWrong() throws Exception {
        model.script(Script.malformedJson(), Script.schemaViolating(),
                Script.answer(answer("HikariPool-9 - a line that is nowhere in the context")));

        assertThatThrownBy(this::run).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no valid answer from openai/llama3.1:8b@v1 after 3 answer(s) in 3 request(s): the evidence");
        var asked = model.requests().stream().map(r -> r.body().toString()).toList();
        assertThat(asked).hasSize(3);
        assertThat(asked.get(1)).contains("Your previous answer was refused: the answer is not JSON");
        assertThat(asked.get(2)).contains("Your previous answer was refused: the answer does not match the schema");
    }

    @Test
    void aTruncatedAnswerIsAskedAgain() throws Exception {
        model.script(Script.truncated());

        var cause = (Payload.RootCauseProposed) run();

        assertThat(cause.usage().attempts()).isEqualTo(2);
        assertThat(model.requests().get(1).body().toString()).contains("the answer is not JSON");
    }

    @Test
    void aRefusalEndsTheTask() {
        model.script(Script.refusal("I can't help with that."));

        assertThatThrownBy(this::run).isInstanceOf(UnworkableTask.class).hasMessageContaining("the model refused");
    }

    @Test
    void aRateLimitWaitsAsLongAsTheProviderAskedAndAServerErrorDoublesItsOwnPause() throws Exception {
        model.script(Script.rateLimited(7), new Script.ServerError(), new Script.ServerError());

        var cause = (Payload.RootCauseProposed) run();

        assertThat(pauses).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(cause.usage().attempts()).isEqualTo(4);
    }

    @Test
    void anAnswerPastTheTimeoutIsTriedAgain() throws Exception {
        model.script(new Script.Slow(Duration.ofSeconds(3), answer(QUOTE)));

        var cause = (Payload.RootCauseProposed) run(Duration.ofSeconds(1));

        assertThat(pauses).containsExactly(Duration.ofSeconds(1));
        assertThat(cause.usage().attempts()).isEqualTo(2);
    }
}
