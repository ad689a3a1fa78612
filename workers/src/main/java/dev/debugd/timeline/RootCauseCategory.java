package dev.debugd.timeline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The closed set of root-cause categories shared by agents, the traffic generator, evaluation and the dashboard. */
public enum RootCauseCategory {
    MISSING_CONFIG, BAD_CONFIG_VALUE, CODE_DEFECT, DEPENDENCY_UNAVAILABLE, DEPENDENCY_TIMEOUT, POOL_EXHAUSTION,
    MEMORY_EXHAUSTION, DISK_EXHAUSTION, SCHEMA_MISMATCH, RATE_LIMITED, CERTIFICATE_OR_AUTH, DNS_OR_NETWORK, UNKNOWN;

    private static final Map<String, RootCauseCategory> BY_WIRE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(RootCauseCategory::wire, Function.identity()));

    private final String wire = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static RootCauseCategory fromWire(String wire) {
        var category = wire == null ? null : BY_WIRE.get(wire);
        if (category == null) {
            throw new IllegalArgumentException("category '" + wire + "' is not one of "
                    + Arrays.stream(values()).map(RootCauseCategory::wire).toList());
        }
        return category;
    }
}
