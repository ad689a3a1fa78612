package dev.debugd.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.agents.ModelAnswers.Reading;
import dev.debugd.bench.rca.RcaScenario;
import dev.debugd.bench.rca.ScenarioContext;
import dev.debugd.context.snapshot.Context;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelAnswersTest {

    private static final String SCHEMA = resource("/prompts/rca/v1/answer.schema.json");
    /** A pool exhausted in a Java service: its exception says so (tuning.json). */
    private static final Context CONTEXT = context("java-orders-hikari-pool-exhausted");
    private static final String QUOTE = CONTEXT.exceptions().get(0).message();

    private static Context context(String id) {
        try {
            return ScenarioContext.of(RcaScenario.read(Path.of("../e2e/src/test/resources/rca/tuning.json")).stream()
                    .filter(s -> s.id().equals(id)).findFirst().orElseThrow());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String path) {
        try (var in = ModelAnswersTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String answer(String category, double confidence, String quote) {
        return """
                {"hypotheses": [{"category": "%s", "statement": "The HikariCP pool of orders is exhausted", "confidence": %s,
                 "evidence": ["%s"]},
                 {"category": "dependency_timeout", "statement": "The database is slow", "confidence": 0.2, "evidence": []}]}
                """.formatted(category, confidence, quote.replace("\\", "\\\\").replace("\"", "\\\""));
    }

    private static Reading read(String answer) {
        return ModelAnswers.rootCause(answer, SCHEMA, CONTEXT, "openai/m@v1");
    }

    @Test
    void aValidAnswerBecomesRankedHypothesesWithTheTopOneFirst() {
        var reading = read(answer("pool_exhaustion", 0.82, QUOTE));

        assertThat(reading).isInstanceOf(Reading.Valid.class);
        var payload = (Payload.RootCauseProposed) ((Reading.Valid) reading).payload();
        assertThat(payload.category()).isEqualTo(RootCauseCategory.POOL_EXHAUSTION);
        assertThat(payload.confidence()).isEqualTo(0.82);
        assertThat(payload.hypothesis()).isEqualTo("The HikariCP pool of orders is exhausted");
        assertThat(payload.evidence()).containsExactly(QUOTE);
        assertThat(payload.ranked()).extracting(h -> h.category().wire()).containsExactly("pool_exhaustion", "dependency_timeout");
        assertThat(payload.reasoner()).isEqualTo("openai/m@v1");
    }

    @Test
    void aFencedAnswerIsReadWithoutItsFence() {
        assertThat(read("```json\n" + answer("pool_exhaustion", 0.8, QUOTE) + "\n```")).isInstanceOf(Reading.Valid.class);
    }

    @Test
    void whatIsWrongIsSaidSoTheNextAttemptCanMendIt() {
        assertThat(read("")).isEqualTo(new Reading.Invalid("the answer is empty; answer with the JSON object only"));
        assertThat(read("{\"hypotheses\": [{\"category\": \"pool_exh")).isInstanceOf(Reading.Invalid.class)
                .asString().contains("the answer is not JSON");
        assertThat(read(answer("flux_capacitor", 1.4, QUOTE))).isInstanceOf(Reading.Invalid.class).asString()
                .contains("does not match the schema", "/hypotheses/0/category", "/hypotheses/0/confidence");
        assertThat(read("{\"hypotheses\": []}")).isInstanceOf(Reading.Invalid.class).asString().contains("/hypotheses");
        assertThat(read(answer("pool_exhaustion", 0.9, "HikariPool-7 - Connection is not available, request timed out after 3s")))
                .isEqualTo(new Reading.Invalid("the evidence 'HikariPool-7 - Connection is not available, request timed out"
                        + " after 3s' is not in the context: quote lines of the context word for word, or none"));
    }
}
