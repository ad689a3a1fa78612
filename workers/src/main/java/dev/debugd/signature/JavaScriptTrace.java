package dev.debugd.signature;

import dev.debugd.evidence.ExceptionEvent.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A JavaScript or TypeScript error's {@code stack}: {@code Type: message}, then V8's {@code at function (file:line:column)}
 * frames (Node, Chrome, Deno, Bun) or Firefox's and Safari's {@code function@file:line:column}. A frame's module is its
 * file without query, fragment or bundler content hash ({@code main.3f2a9c1b.js} is {@code main.js}).
 */
final class JavaScriptTrace {

    /** "at [async] function (location)" or "at location"; a location is file:line:column, or "<anonymous>", "native". */
    private static final Pattern V8_FRAME = Pattern.compile("^\\s*at (?:async |new )?(?:(.*?) \\()?(.+?)(?::(\\d+))?(?::\\d+)?\\)?\\s*$");
    private static final Pattern GECKO_FRAME = Pattern.compile("^\\s*([^@\\s]*)@(.+?):(\\d+)(?::\\d+)?\\s*$");
    private static final Pattern HEADER = Pattern.compile("^(?:Uncaught )?([A-Za-z_$][\\w$.]*)(?::\\s?(.*))?$");
    private static final Pattern CONTENT_HASH = Pattern.compile("[.-][0-9a-f]{6,}(?=\\.[a-z]+$)");

    private JavaScriptTrace() {}

    static boolean recognizes(String text) {
        for (var line : text.split("\r?\n")) {
            if ((line.stripLeading().startsWith("at ") && line.matches(".*:\\d+(:\\d+)?\\)?\\s*$"))
                    || GECKO_FRAME.matcher(line).matches()) {
                return true;
            }
        }
        return false;
    }

    static StackTraceText.Parsed parse(String text) {
        var lines = text.split("\r?\n");
        String type = "";
        String message = "";
        var header = HEADER.matcher(lines[0].strip());
        if (header.matches()) {
            type = header.group(1);
            message = header.group(2) == null ? "" : header.group(2);
        }
        var frames = new ArrayList<Frame>();
        for (int i = 1; i < lines.length; i++) {
            var v8 = V8_FRAME.matcher(lines[i]);
            var gecko = GECKO_FRAME.matcher(lines[i]);
            if (v8.matches()) {
                frames.add(frame(v8.group(1), v8.group(2), v8.group(3)));
            } else if (gecko.matches()) {
                frames.add(frame(gecko.group(1), gecko.group(2), gecko.group(3)));
            }
        }
        return new StackTraceText.Parsed(type, message, frames, List.of());
    }

    private static Frame frame(String function, String location, String line) {
        var file = location.replaceFirst("[?#].*$", "");
        var module = CONTENT_HASH.matcher(file.replaceFirst("^(?:file|webpack|https?)://[^/]*", "")).replaceAll("");
        return new Frame(module, function == null ? "" : function.strip(), file, line == null ? 0 : Integer.parseInt(line),
                StackTraceText.isInApp(module) && !module.isEmpty());
    }
}
