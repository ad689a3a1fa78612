package dev.debugd.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.bench.rca.RcaScenario;
import dev.debugd.bench.rca.ScenarioContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a new incident searches the memory with. */
class MemoryQueryTest {

    @Test
    void itsServiceSignatureAndTitleThenWhatItsEvidenceSays() throws Exception {
        var scenario = RcaScenario.read(Path.of("../e2e/src/test/resources/rca/tuning.json")).stream()
                .filter(s -> s.id().equals("java-orders-hikari-pool-exhausted")).findFirst().orElseThrow();
        var context = ScenarioContext.of(scenario);
        var query = MemoryQuery.of(context);
        // From the scenario file: its service, its exception and the cause it names.
        assertThat(query).startsWith("service orders-api\nsignature " + context.incident().signature() + "\n")
                .contains("org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection\n"
                        + "caused by java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request"
                        + " timed out after 30000ms.");
        assertThat(MemoryQuery.of(context)).as("the same context, the same text").isEqualTo(query);
    }
}
