package dev.debugd.signature;

import dev.debugd.config.ConfigHistory;
import dev.debugd.evidence.ExceptionEvent.Frame;
import dev.debugd.operator.api.v1alpha1.TenantSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * A tenant's grouping settings (Tenant {@code spec.grouping}): which frames are the application's. By default a frame
 * is the application's unless it belongs to a runtime or a well-known library ({@link StackTraceText#isInApp}); a
 * tenant that lists its own prefixes ({@code shop.}, {@code github.com/acme/}, {@code /app/src/}) makes exactly
 * the frames under them the application's. The settings are part of the signature_version.
 *
 * @param inAppPrefixes module prefixes of the application's code, sorted; empty: the defaults
 */
public record GroupingSettings(List<String> inAppPrefixes) {

    public static final GroupingSettings DEFAULTS = new GroupingSettings(List.of());
    private static final int MAX_PREFIXES = 100;

    public GroupingSettings {
        if (inAppPrefixes.size() > MAX_PREFIXES) {
            throw new IllegalArgumentException("inAppPrefixes: at most " + MAX_PREFIXES + " prefixes, got " + inAppPrefixes.size());
        }
        for (var prefix : inAppPrefixes) {
            if (prefix == null || prefix.isBlank() || prefix.length() > 200) {
                throw new IllegalArgumentException("inAppPrefixes: each prefix must be 1-200 characters");
            }
        }
        inAppPrefixes = inAppPrefixes.stream().distinct().sorted().toList();
    }

    /** The settings of a Tenant's {@code spec.grouping} (absent: the defaults). */
    public static GroupingSettings of(TenantSpec.Grouping grouping) {
        return grouping == null || grouping.inAppPrefixes() == null ? DEFAULTS : new GroupingSettings(grouping.inAppPrefixes());
    }

    /**
     * The settings in force at each moment as the tenant's configuration facts recorded them: defaults before the
     * first Tenant fact, after a deletion, and for settings that cannot be used.
     */
    public static Function<Instant, GroupingSettings> asRecorded(ConfigHistory history) {
        return history.tenantSettingAsRecorded(spec -> of(spec.grouping()), DEFAULTS);
    }

    /** Whether the frame is the application's under these settings. */
    public boolean inApp(Frame frame) {
        if (inAppPrefixes.isEmpty()) {
            return frame.inApp();
        }
        for (var prefix : inAppPrefixes) {
            if (frame.module().startsWith(prefix) || frame.file().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * signature_version: the function's version in the high bits, a hash of the settings (with the default library
     * prefixes they build on) in the low 20 bits, so it fits ClickHouse's UInt32 column.
     */
    public int version() {
        var crc = new CRC32();
        crc.update(String.join("\n", JavaStackTrace.LIBRARY_PREFIXES).getBytes(StandardCharsets.UTF_8));
        if (!inAppPrefixes.isEmpty()) {
            crc.update(("\nin-app:\n" + String.join("\n", inAppPrefixes)).getBytes(StandardCharsets.UTF_8));
        }
        return (ErrorSignature.FUNCTION_VERSION << 20) | (int) (crc.getValue() & 0xFFFFF);
    }
}
