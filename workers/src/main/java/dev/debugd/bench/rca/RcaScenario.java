package dev.debugd.bench.rca;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.debugd.timeline.RootCauseCategory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * One labelled incident of the RCA harness (issue 19): a service's healthy traffic, then a fault with its exception
 * and log lines, and the root cause a good answer names. Fields the harness does not use are ignored.
 */
public record RcaScenario(String id, String service, String language, String route, Deploy deploy, Baseline baseline,
        Fault fault, ExceptionText exception, List<String> logs, Expect expect) {

    public RcaScenario {
        logs = logs == null ? List.of() : List.copyOf(logs);
    }

    public record Deploy(String before, String after) {}

    public record Baseline(int requestsPerMin, double errorRate) {}

    public record Fault(boolean afterDeploy, double errorRate, int minutes) {}

    /** The exception the service throws during the fault, as it prints it. */
    public record ExceptionText(String type, String message, String stacktrace) {}

    public record Expect(RootCauseCategory category, List<String> mentionsAny) {
        public Expect {
            mentionsAny = mentionsAny == null ? List.of() : List.copyOf(mentionsAny);
        }
    }

    /** A scenario file: {@code {"version": 1, "scenarios": [...]}}. */
    public record File(@JsonProperty("version") int version, List<RcaScenario> scenarios) {}

    private static final JsonMapper JSON = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** The scenarios of a file; the message names the file and what is wrong with it. */
    public static List<RcaScenario> read(Path file) throws IOException {
        File parsed;
        try {
            parsed = JSON.readValue(Files.readString(file), File.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + ": not a scenario file: " + e.getOriginalMessage(), e);
        }
        if (parsed.version() != 1) {
            throw new IllegalArgumentException(file + ": version must be 1, got " + parsed.version());
        }
        for (var scenario : parsed.scenarios()) {
            if (scenario.id() == null || scenario.service() == null || scenario.deploy() == null || scenario.baseline() == null
                    || scenario.fault() == null || scenario.expect() == null || scenario.expect().category() == null) {
                throw new IllegalArgumentException(file + ": scenario " + scenario.id() + " lacks id, service, deploy, baseline,"
                        + " fault or expect.category");
            }
        }
        return parsed.scenarios();
    }
}
