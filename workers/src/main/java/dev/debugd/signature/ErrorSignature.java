package dev.debugd.signature;

import dev.debugd.ingest.ExceptionEvent;
import dev.debugd.ingest.LogLine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The error signature of one event, a pure function of that event alone (ARCHITECTURE §7), recorded with
 * {@link #VERSION} so detection compares signatures of one version only.
 *
 * <p>Version 0 is the stand-in until the grouping function of the signatures issue lands: an exception is its root
 * cause's type plus its in-app frames (module and function, no line numbers); an error log line is its message
 * with digit runs and hex ids masked. Lines below error level have no signature.
 */
public final class ErrorSignature {

    public static final int VERSION = 0;

    private static final Set<String> ERROR_LEVELS = Set.of("ERROR", "ERR", "FATAL", "CRITICAL", "CRIT", "SEVERE",
            "PANIC", "ALERT", "EMERG", "EMERGENCY");
    private static final Pattern HEX_ID = Pattern.compile("\\b(?:0x)?[0-9a-fA-F]*[0-9][0-9a-fA-F]*[a-fA-F][0-9a-fA-F]*\\b"
            + "|\\b(?:0x)?[0-9a-fA-F]*[a-fA-F][0-9a-fA-F]*[0-9][0-9a-fA-F]*\\b");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private ErrorSignature() {}

    public static String of(ExceptionEvent exception) {
        var root = exception.causes().isEmpty() ? exception.type() : exception.causes().get(exception.causes().size() - 1).type();
        var text = new StringBuilder("exception\n").append(root);
        for (var frame : exception.frames()) {
            if (frame.inApp()) {
                text.append('\n').append(frame.module()).append('.').append(frame.function());
            }
        }
        return digest(text.toString());
    }

    /** The signature of an error-level line, or empty for lines below error level. */
    public static String of(LogLine line) {
        if (!isError(line.level())) {
            return "";
        }
        var template = DIGITS.matcher(HEX_ID.matcher(line.message()).replaceAll("<hex>")).replaceAll("<n>");
        return digest("message\n" + template);
    }

    public static boolean isError(String level) {
        return ERROR_LEVELS.contains(level.strip().toUpperCase(Locale.ROOT));
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
