package dev.debugd.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.standins.llm.AnthropicStandIn;
import dev.debugd.standins.llm.OpenAiStandIn;
import dev.debugd.standins.llm.Script;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every benchmark runs end to end at smoke size through bin/debugd, as a user runs it, and ends with a RESULT
 * line of plain numbers. The figures themselves are the benchmarks' business, not the test suite's.
 */
class BenchmarksSmokeTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String NUMBER = "-?\\d+(\\.\\d+)?";
    private static final String MODEL_KEY = "sk-bench-9e8d7c6b5a4f3e2d";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeAll
    static void requireStack() {
        LocalStack.requireKafka();
        LocalStack.requirePostgres();
        LocalStack.requireSqs();
        LocalStack.requireClickHouse();
    }

    private static String resultLine(String... args) {
        var command = new java.util.ArrayList<>(List.of("bin/debugd", "bench"));
        command.addAll(List.of(args));
        var result = Processes.run(command, Map.of(), TIMEOUT);
        assertThat(result.exitCode()).as(result.all()).isZero();
        var lines = result.stdout().strip().lines().toList();
        assertThat(lines.get(0)).startsWith("| ");
        return lines.get(lines.size() - 1);
    }

    @Test
    void kafkaProduce() {
        assertThat(resultLine("kafka-produce", "--records", "3000"))
                .matches("RESULT records_per_s=" + NUMBER + " ceiling_records_per_s=" + NUMBER + " fraction_of_ceiling=" + NUMBER);
    }

    /** Through the operator on the benchmark's own API server: 3 Tenants and 6 AgentProfiles, all Ready, then gone. */
    @Test
    void operator() {
        assertThat(resultLine("operator", "--tenants", "3", "--profiles-per-tenant", "2", "--timeout", "120"))
                .matches("RESULT all_ready_s=" + NUMBER + " tenant_ready_p95_ms=" + NUMBER + " profile_ready_p50_ms=" + NUMBER
                        + " profile_ready_p95_ms=" + NUMBER + " raw_s=" + NUMBER + " resources=9 delete_s=" + NUMBER
                        + " raw_remove_s=" + NUMBER + " reconciles=" + NUMBER);
    }

    @Test
    void replay() {
        assertThat(resultLine("replay", "--records", "400", "--threads", "2"))
                .matches("RESULT projection_eps=" + NUMBER + " raw_consume_eps=" + NUMBER + " postgres_eps=" + NUMBER
                        + " raw_postgres_eps=" + NUMBER + " records=400 threads=2 mib=" + NUMBER);
    }

    @Test
    void replayOfOnePath() {
        assertThat(resultLine("replay", "--records", "300", "--paths", "projection"))
                .matches("RESULT projection_eps=" + NUMBER + " raw_consume_eps=" + NUMBER + " records=300 threads=1 mib=" + NUMBER);
    }

    @Test
    void dispatch() {
        assertThat(resultLine("dispatch", "--triggers", "300", "--history", "2000", "--latency-triggers", "50"))
                .matches("RESULT dispatch_tps=" + NUMBER + " raw_send_tps=" + NUMBER + " startup_s=" + NUMBER + " heap_mb=" + NUMBER
                        + " p99_ms=" + NUMBER);
    }

    @Test
    void api() {
        assertThat(resultLine("api", "--incidents", "2000", "--tenants", "2", "--clients", "2", "--requests", "60"))
                .matches("RESULT p50_ms=" + NUMBER + " p95_ms=" + NUMBER + " p99_ms=" + NUMBER + " raw_p95_ms=" + NUMBER
                        + " incidents=2000");
    }

    @Test
    void ingest() {
        assertThat(resultLine("ingest", "--rows", "4000", "--tenants", "2", "--batch", "500"))
                .matches("RESULT ingest_rows_per_s=" + NUMBER + " raw_rows_per_s=" + NUMBER + " detect_ms=" + NUMBER + " tenants=3");
    }

    /** Each traced run is its run span and one request's span: 2 × 8 spans reach the receiver, and as many are lost. */
    @Test
    void tracing() {
        assertThat(resultLine("tracing", "--runs", "8", "--rounds", "2"))
                .matches("RESULT untraced_runs_per_s=" + NUMBER + " receiver_up_runs_per_s=" + NUMBER + " receiver_up_vs_untraced="
                        + NUMBER + " receiver_down_runs_per_s=" + NUMBER + " receiver_down_vs_untraced=" + NUMBER
                        + " receiver_hanging_runs_per_s=" + NUMBER + " receiver_hanging_vs_untraced=" + NUMBER
                        + " spans_received_up=16 spans_dropped_down=16");
    }

    /** Two labelled scenarios of the tuning set, one of them unknown, in a scenario file of their own. */
    private static Path twoScenarios(Path directory) throws Exception {
        var tuning = JSON.readTree(LocalStack.root().resolve("e2e/src/test/resources/rca/tuning.json").toFile());
        var picked = JSON.createArrayNode();
        for (var scenario : tuning.get("scenarios")) {
            var id = scenario.get("id").asString();
            if (id.equals("php-booking-bad-timezone-value") || id.equals("py-checkout-opaque-internal-error")) {
                picked.add(scenario);
            }
        }
        var file = directory.resolve("two.json");
        Files.writeString(file, JSON.writeValueAsString(JSON.createObjectNode().put("version", 1).set("scenarios", picked)));
        return file;
    }

    /**
     * The two scenarios, then the memory pass: the bad time zone again in its own tenant (a twin, whose context cites
     * its first occurrence, resolved after the first pass), and in the other scenario's tenant (a control: that tenant
     * remembers an opaque internal error, nothing like it).
     */
    @Test
    void rcaWithTheBuiltinReasoner(@TempDir Path directory) throws Exception {
        var repeats = directory.resolve("repeats.json");
        Files.writeString(repeats, """
                {"version": 1, "repeats": [
                  {"of": "php-booking-bad-timezone-value", "in_tenant_of": "php-booking-bad-timezone-value"},
                  {"of": "php-booking-bad-timezone-value", "in_tenant_of": "py-checkout-opaque-internal-error"}]}
                """);
        assertThat(resultLine("rca", "--scenarios", twoScenarios(directory).toString(), "--repeats", repeats.toString()))
                .matches("RESULT top1=" + NUMBER + " top3=" + NUMBER + " mention=" + NUMBER + " conf_right=" + NUMBER + " conf_wrong="
                        + NUMBER + " unknown_ok=" + NUMBER + " scenarios=2 p50_detect_to_rca_s=" + NUMBER + " context_p95_ms=" + NUMBER
                        + " top1_without_servers=1 memory_cited=1 memory_p95_ms=" + NUMBER + " twins_cite_twin=1 top1_twins=1"
                        + " top1_twins_without=1 controls_cite=0 memory_raw_p95_ms=" + NUMBER);
    }

    /**
     * The harness with a model provider, against the protocol stand-ins answering every scenario "unknown" at 0.1: the
     * scores are known by hand (one of the two scenarios is unknown), so the wiring and the scoring are what is tested.
     */
    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void rcaWithAModelProvider(String provider, @TempDir Path directory) throws Exception {
        var unknown = Script.answer("{\"hypotheses\": [{\"category\": \"unknown\", \"statement\": \"No cause stands out\","
                + " \"confidence\": 0.1, \"evidence\": []}]}");
        try (var model = provider.equals("openai") ? OpenAiStandIn.start(0, unknown) : AnthropicStandIn.start(0, unknown)) {
            model.requireModel("m-1");
            model.forbid(MODEL_KEY);
            var command = List.of("bin/debugd", "bench", "rca", "--scenarios", twoScenarios(directory).toString(), "--provider",
                    provider, "--model", "m-1", "--base-url", model.baseUrl().toString());
            var result = Processes.run(command, Map.of("DEBUGD_MODEL_API_KEY", MODEL_KEY), TIMEOUT);
            assertThat(result.exitCode()).as(result.all()).isZero();
            var lines = result.stdout().strip().lines().toList();
            assertThat(lines.get(lines.size() - 1)).matches("RESULT top1=0.5 top3=0.5 mention=0.5 conf_right=0.1 conf_wrong=0.1"
                    + " unknown_ok=1 scenarios=2 p50_detect_to_rca_s=" + NUMBER + " context_p95_ms=" + NUMBER + " top1_without_servers=1"
                    + " memory_cited=0 memory_p95_ms=" + NUMBER + " memory_raw_p95_ms=0");
            assertThat(model.requests()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(request -> {
                assertThat(request.keyPresent()).isTrue();
                assertThat(request.structured()).as("the answer's schema in the structured-output mode").isTrue();
            });
            assertThat(model.violations()).isEmpty();
            assertThat(result.all()).doesNotContain(MODEL_KEY);
        }
    }

    @Test
    void grouping() {
        assertThat(resultLine("grouping", "--speed-lines", "20000"))
                .matches("RESULT mean_ga=" + NUMBER + " heldout_mean_ga=" + NUMBER + " lines_per_s=" + NUMBER);
    }
}
