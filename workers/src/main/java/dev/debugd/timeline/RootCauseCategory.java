package dev.debugd.timeline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** The closed set of root-cause categories shared by agents, the traffic generator, evaluation and the dashboard. */
public enum RootCauseCategory {
    MISSING_CONFIG, BAD_CONFIG_VALUE, CODE_DEFECT, DEPENDENCY_UNAVAILABLE, DEPENDENCY_TIMEOUT, POOL_EXHAUSTION,
    MEMORY_EXHAUSTION, DISK_EXHAUSTION, SCHEMA_MISMATCH, RATE_LIMITED, CERTIFICATE_OR_AUTH, DNS_OR_NETWORK, UNKNOWN;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RootCauseCategory fromWire(String wire) {
        return Arrays.stream(values()).filter(c -> c.wire().equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("category '" + wire + "' is not one of "
                        + Arrays.stream(values()).map(RootCauseCategory::wire).toList()));
    }
}
