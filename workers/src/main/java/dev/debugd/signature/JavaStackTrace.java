package dev.debugd.signature;

import dev.debugd.evidence.ExceptionEvent.Cause;
import dev.debugd.evidence.ExceptionEvent.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Java stack trace as {@code Throwable.printStackTrace} writes it (the text OpenTelemetry puts in
 * {@code exception.stacktrace}): the first line's type and message, the outermost exception's frames, and the
 * "Caused by:" chain with each cause's frames. Pure.
 */
public final class JavaStackTrace {

    /** Frames outside these packages are the application's own (the default; a tenant can say otherwise). */
    public static final List<String> LIBRARY_PREFIXES = List.of("java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.",
            "kotlin.", "kotlinx.", "scala.", "org.springframework.", "org.apache.", "io.netty.", "org.hibernate.",
            "com.fasterxml.", "tools.jackson.", "io.opentelemetry.", "org.junit.", "reactor.", "io.micrometer.");

    /** "at [module[@version]/]class.method(location)"; a hidden class (a lambda's) has a '/' in its name, never a module a '$'. */
    private static final Pattern FRAME = Pattern.compile("^\\s*at\\s+(?:[\\w.@-]*/)*([\\w.$<>\\[\\]/-]+)\\.([\\w$<>-]+)\\((.*)\\)\\s*$");
    private static final Pattern JAVA_LOCATION = Pattern.compile(
            "(?m)^\\s*at\\s+\\S+\\((?:[\\w$-]+\\.(?:java|kt|scala|groovy|clj):\\d+|Unknown Source|Native Method|<generated>)\\)\\s*$");
    private static final Pattern HEADER = Pattern.compile("^(?:Caused by:\\s*)?([A-Za-z_$][\\w.$]*)(?::\\s?(.*))?$");

    private JavaStackTrace() {}

    /** Whether the text's frames are Java's: "at class.method(File.java:12)", "(Unknown Source)", "(Native Method)". */
    static boolean recognizes(String text) {
        return JAVA_LOCATION.matcher(text).find();
    }

    /** The trace's parts; the type is empty when the text does not start like a Java stack trace. */
    static StackTraceText.Parsed parse(String text) {
        var lines = text.split("\r?\n");
        String type = "";
        String message = "";
        var frames = new ArrayList<Frame>();
        var causes = new ArrayList<Cause>();
        // Frames go to the exception they follow: the outermost's first, then each cause's.
        var current = frames;
        String causeType = null;
        String causeMessage = null;
        for (int i = 0; i < lines.length; i++) {
            var line = lines[i];
            var stripped = line.strip();
            if (i == 0) {
                var header = HEADER.matcher(stripped);
                if (header.matches()) {
                    type = header.group(1);
                    message = header.group(2) == null ? "" : header.group(2);
                }
                continue;
            }
            if (stripped.startsWith("Caused by:")) {
                if (causeType != null) {
                    causes.add(new Cause(causeType, causeMessage, current));
                }
                var header = HEADER.matcher(stripped);
                causeType = header.matches() ? header.group(1) : stripped.substring("Caused by:".length()).strip();
                causeMessage = header.matches() && header.group(2) != null ? header.group(2) : "";
                current = new ArrayList<>();
                continue;
            }
            if (stripped.startsWith("Suppressed:")) {
                current = new ArrayList<>(); // a suppressed exception's frames belong to no one in the chain
                continue;
            }
            var frame = FRAME.matcher(line);
            if (frame.matches()) {
                current.add(frame(frame.group(1), frame.group(2), frame.group(3)));
            }
        }
        if (causeType != null) {
            causes.add(new Cause(causeType, causeMessage, current));
        }
        return new StackTraceText.Parsed(type, message, frames, causes);
    }

    private static Frame frame(String module, String function, String location) {
        String file = "";
        int line = 0;
        int colon = location.lastIndexOf(':');
        if (colon > 0) {
            file = location.substring(0, colon);
            try {
                line = Integer.parseInt(location.substring(colon + 1));
            } catch (NumberFormatException e) {
                line = 0;
            }
        } else if (!location.equals("Native Method") && !location.equals("Unknown Source")) {
            file = location;
        }
        return new Frame(module, function, file, line, isInApp(module));
    }

    static boolean isInApp(String module) {
        for (var prefix : LIBRARY_PREFIXES) {
            if (module.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }
}
