package dev.debugd.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every benchmark runs end to end at smoke size through bin/debugd, as a user runs it, and ends with a RESULT
 * line of plain numbers. The figures themselves are the benchmarks' business, not the test suite's.
 */
class BenchmarksSmokeTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String NUMBER = "-?\\d+(\\.\\d+)?";

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
    void ingest() {
        assertThat(resultLine("ingest", "--rows", "4000", "--tenants", "2", "--batch", "500"))
                .matches("RESULT ingest_rows_per_s=" + NUMBER + " raw_rows_per_s=" + NUMBER + " detect_ms=" + NUMBER + " tenants=3");
    }

    @Test
    void grouping() {
        assertThat(resultLine("grouping", "--speed-lines", "20000"))
                .matches("RESULT mean_ga=" + NUMBER + " heldout_mean_ga=" + NUMBER + " lines_per_s=" + NUMBER);
    }
}
