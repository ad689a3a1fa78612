package dev.debugd.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * `bin/debugd demo` as a user runs it, with one-second buckets: the API, the detector and the dispatcher with
 * placeholder workers run as processes, generated traffic goes through the API, and every injected fault becomes an
 * incident that the placeholder agents work through to a fix proposal.
 */
class DemoCommandTest {

    @Test
    void everyFaultBecomesAnIncidentWorkedThroughToAFixProposal() {
        LocalStack.requireKafka();
        LocalStack.requireClickHouse();
        var result = Processes.run(List.of("bin/debugd", "demo", "--bucket", "1s", "--lateness", "2s", "--buckets", "60",
                "--settle", "5s"), Map.of(), Duration.ofMinutes(5));
        assertThat(result.exitCode()).as(result.stdout()).isZero();
        assertThat(result.stdout()).contains("demo: every fault was detected and worked through by the placeholder agents.",
                "detected (novelty)", "detected (frequency_spike)", "detected (error_rate)");
        var detected = result.stdout().lines().filter(line -> line.contains(" IncidentDetected ")).count();
        var proposed = result.stdout().lines().filter(line -> line.contains(" FixProposed ")).count();
        assertThat(detected).isEqualTo(4);
        assertThat(proposed).isEqualTo(4);
    }
}
