package dev.debugd.signature;

import dev.debugd.evidence.ExceptionEvent.Cause;
import dev.debugd.evidence.ExceptionEvent.Frame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Python traceback: {@code File "path", line N, in function} frames from the oldest call to the one that raised,
 * then {@code Type: message}. Chained tracebacks ("The above exception was the direct cause…", "During handling of the
 * above exception…") come root first, outermost last. A frame's module is its file path without extension and
 * without versioned directories ({@code /usr/lib/python3.12/}, {@code releases/20240101/}), so it stays the same
 * across deploys.
 */
final class PythonTrace {

    private static final Pattern FRAME = Pattern.compile("^\\s*File \"([^\"]+)\", line (\\d+)(?:, in (.+))?\\s*$");
    private static final Pattern HEADER = Pattern.compile("^([A-Za-z_][\\w.]*)(?::\\s?(.*))?$");
    private static final Pattern VERSIONED_DIRECTORY = Pattern.compile("/[^/]*\\d[^/]*(?=/)");

    private PythonTrace() {}

    static boolean recognizes(String text) {
        return text.contains("Traceback (most recent call last):");
    }

    static StackTraceText.Parsed parse(String text) {
        var chain = new ArrayList<Cause>(); // root first
        List<Frame> frames = new ArrayList<>();
        boolean inTraceback = false;
        for (var line : text.split("\r?\n")) {
            if (line.startsWith("Traceback (most recent call last):")) {
                inTraceback = true;
                frames = new ArrayList<>();
                continue;
            }
            if (!inTraceback) {
                continue;
            }
            var frame = FRAME.matcher(line);
            if (frame.matches()) {
                var path = frame.group(1);
                frames.add(new Frame(module(path), frame.group(3) == null ? "" : frame.group(3).strip(), path,
                        Integer.parseInt(frame.group(2)), StackTraceText.isInApp(path)));
                continue;
            }
            if (!line.startsWith(" ") && !line.isBlank()) {
                var header = HEADER.matcher(line.strip());
                if (header.matches()) {
                    var innermostFirst = new ArrayList<>(frames);
                    Collections.reverse(innermostFirst); // the frame that raised first
                    chain.add(new Cause(header.group(1), header.group(2) == null ? "" : header.group(2), innermostFirst));
                    inTraceback = false;
                }
            }
        }
        if (chain.isEmpty()) {
            return new StackTraceText.Parsed("", "", List.of(), List.of());
        }
        Collections.reverse(chain); // outermost first
        var outermost = chain.get(0);
        return new StackTraceText.Parsed(outermost.type(), outermost.message(), outermost.frames(), chain.subList(1, chain.size()));
    }

    private static String module(String path) {
        var module = VERSIONED_DIRECTORY.matcher(path).replaceAll("");
        return module.endsWith(".py") ? module.substring(0, module.length() - 3) : module;
    }
}
