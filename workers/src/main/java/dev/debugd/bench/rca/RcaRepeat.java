package dev.debugd.bench.rca;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * A scenario of the RCA harness's memory pass (issue 26): scenario {@code of} run again in the tenant of scenario
 * {@code inTenantOf}, after the first pass's incidents were resolved, so that tenant's memory holds that scenario's
 * incident. The same scenario in its own tenant is a <em>twin</em>: the fault recurs after a later deploy (the harness
 * rewrites only the deploy hashes, so the recurrence comes with a new deploy as the first did), and a good context cites
 * the first occurrence. Another scenario in that tenant is a control: nothing in the memory is like it.
 */
record RcaRepeat(String of, String inTenantOf) {

    boolean twin() {
        return of.equals(inTenantOf);
    }

    /** The scenario as this pass runs it: a twin with its deploys rewritten, a control as it is. */
    RcaScenario scenario(Map<String, RcaScenario> byId) {
        var scenario = byId.get(of);
        if (!twin()) {
            return scenario;
        }
        var deploy = new RcaScenario.Deploy(sha1(of + "/fixed"), sha1(of + "/again"));
        return new RcaScenario(scenario.id(), scenario.service(), scenario.language(), scenario.route(), deploy,
                scenario.baseline(), scenario.fault(), scenario.exception(), scenario.logs(), scenario.expect());
    }

    /** A repeats file: {@code {"version": 1, "repeats": [{"of": ID, "in_tenant_of": ID}, ...]}}. */
    record File(int version, List<RcaRepeat> repeats) {}

    private static final JsonMapper JSON = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build(); // a file may say why it is as it is

    /**
     * The repeats of a file, each naming scenarios of {@code scenarios}, no two in one tenant; the message names the file
     * and what is wrong with it.
     */
    static List<RcaRepeat> read(Path file, List<RcaScenario> scenarios) throws IOException {
        File parsed;
        try {
            parsed = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), File.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + ": not a repeats file: " + e.getOriginalMessage(), e);
        }
        if (parsed.version() != 1 || parsed.repeats() == null) {
            throw new IllegalArgumentException(file + ": version must be 1 and repeats a list");
        }
        var ids = scenarios.stream().collect(Collectors.toMap(RcaScenario::id, Function.identity(), (a, b) -> a));
        var tenants = new HashSet<String>();
        for (var repeat : parsed.repeats()) {
            if (repeat.of() == null || repeat.inTenantOf() == null || !ids.containsKey(repeat.of())
                    || !ids.containsKey(repeat.inTenantOf())) {
                throw new IllegalArgumentException(file + ": repeat " + repeat + " names a scenario the scenario files do not have");
            }
            if (!tenants.add(repeat.inTenantOf())) {
                throw new IllegalArgumentException(file + ": two repeats run in the tenant of " + repeat.inTenantOf());
            }
        }
        return parsed.repeats();
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
