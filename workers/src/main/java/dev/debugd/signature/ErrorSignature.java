package dev.debugd.signature;

import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.ExceptionEvent.Frame;
import dev.debugd.evidence.LogLine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The error signature of one event, a pure function of that event alone (ARCHITECTURE §7): never of other events
 * or of their order, so replay and re-ingestion give the same signatures, and so the same incidents.
 *
 * <ul>
 * <li><b>An exception</b> is its root cause's type, the root cause's top in-app frames (its top frames when none is
 *     the application's) and the outermost exception's first in-app frame, frames as "module.function" without line numbers, generated classes or numbering
 *     ({@link FrameNoise}). A NullPointerException in {@code Cart.total} thrown from two deploys with shifted line
 *     numbers and other lambda names groups together; the same type from another frame, or another type, splits.
 *     A wrapper's own type does not count: a chained exception groups by its root cause.</li>
 * <li><b>A message</b> (an error-level log line) is its {@link MessageTemplate}.</li>
 * </ul>
 * Signatures are recorded with their version ({@link GroupingSettings#version()}): the function's version and a
 * hash of the tenant's settings, so improving the function or changing a setting starts a new version rather than
 * making every error look new.
 */
public final class ErrorSignature {

    /** Bumped whenever a change to this function or to {@link MessageTemplate} can change a signature. */
    public static final int FUNCTION_VERSION = 1;
    /** Frames of the root cause that count. */
    static final int ROOT_FRAMES = 5;
    /** The version of signatures made with the default settings. */
    public static final int VERSION = GroupingSettings.DEFAULTS.version();

    private static final Set<String> ERROR_LEVELS = Set.of("ERROR", "ERR", "FATAL", "CRITICAL", "CRIT", "SEVERE",
            "PANIC", "ALERT", "EMERG", "EMERGENCY");

    private ErrorSignature() {}

    public static String of(ExceptionEvent exception) {
        return of(exception, GroupingSettings.DEFAULTS);
    }

    /** The exception's signature under a tenant's settings (which frames are the application's). */
    public static String of(ExceptionEvent exception, GroupingSettings settings) {
        var root = exception.causes().isEmpty() ? null : exception.causes().get(exception.causes().size() - 1);
        var rootType = root == null ? exception.type() : root.type();
        var rootFrames = root == null || root.frames().isEmpty() ? exception.frames() : root.frames();
        var text = new StringBuilder("exception\n").append(rootType.strip());
        // Without any frame of the application's own (a failure inside a library or the runtime), the top frames
        // of whatever code there is tell one failure from another.
        boolean anyInApp = rootFrames.stream().anyMatch(frame -> settings.inApp(frame) && !FrameNoise.isNoise(frame));
        int kept = 0;
        for (var frame : rootFrames) {
            if ((settings.inApp(frame) || !anyInApp) && !FrameNoise.isNoise(frame)) {
                text.append('\n').append(FrameNoise.normalized(frame));
                if (++kept == ROOT_FRAMES) {
                    break;
                }
            }
        }
        text.append("\nvia\n").append(firstInApp(exception.frames(), settings));
        return digest(text.toString());
    }

    /** The signature of an error-level line, or empty for lines below error level. */
    public static String of(LogLine line) {
        return isError(line.level()) ? ofMessage(line.message()) : "";
    }

    /** The signature of a message, whatever its level. */
    public static String ofMessage(String message) {
        return digest("message\n" + MessageTemplate.of(message));
    }

    public static boolean isError(String level) {
        return ERROR_LEVELS.contains(level.strip().toUpperCase(Locale.ROOT));
    }

    private static String firstInApp(List<Frame> frames, GroupingSettings settings) {
        for (var frame : frames) {
            if (settings.inApp(frame) && !FrameNoise.isNoise(frame)) {
                return FrameNoise.normalized(frame);
            }
        }
        return "";
    }

    private static String digest(String text) {
        try {
            var hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
