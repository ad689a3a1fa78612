package dev.debugd.signature;

import dev.debugd.evidence.ExceptionEvent.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Go panic: {@code panic: message} (or {@code fatal error: …}), then the panicking goroutine's frames, each a
 * function line ({@code github.com/acme/shop/cart.(*Cart).Total(0x0, …)}) and a location line ({@code /src/cart.go:42 +0x1b}).
 * The type is "panic" (Go panics carry a value, not a type) unless the value says its own ({@code runtime error}).
 * The module is the package path, the function the rest without arguments; only the first goroutine counts.
 * Standard-library packages (no dot in the first path element) and the runtime are not the application's, {@code main} is.
 */
final class GoTrace {

    private static final Pattern HEADER = Pattern.compile("^(panic|fatal error): (.*)$");
    private static final Pattern FUNCTION = Pattern.compile("^((?:[\\w.~-]+/)*[\\w.~-]+?)\\.(\\(?\\*?[\\w.]+\\)?[\\w.]*)\\(.*\\)$");
    private static final Pattern LOCATION = Pattern.compile("^\\s+(\\S+?):(\\d+)(?: \\+0x[0-9a-f]+)?$");

    private GoTrace() {}

    static boolean recognizes(String text) {
        return HEADER.matcher(text.lines().findFirst().orElse("")).matches() || text.contains("goroutine 1 [running]:");
    }

    static StackTraceText.Parsed parse(String text) {
        var lines = text.split("\r?\n");
        String type = "panic";
        String message = "";
        var header = HEADER.matcher(lines[0].strip());
        if (header.matches()) {
            message = header.group(2);
            type = header.group(1);
            int colon = message.indexOf(": ");
            if (type.equals("panic") && message.startsWith("runtime error") && colon > 0) {
                type = message.substring(0, colon);
                message = message.substring(colon + 2);
            }
        }
        var frames = new ArrayList<Frame>();
        boolean inGoroutine = false;
        for (int i = 0; i < lines.length; i++) {
            var line = lines[i];
            if (line.startsWith("goroutine ")) {
                if (inGoroutine) {
                    break; // only the panicking goroutine
                }
                inGoroutine = true;
                continue;
            }
            var function = FUNCTION.matcher(line);
            if (inGoroutine && function.matches() && i + 1 < lines.length) {
                var location = LOCATION.matcher(lines[i + 1]);
                var module = function.group(1);
                frames.add(new Frame(module, function.group(2), location.matches() ? location.group(1) : "",
                        location.matches() ? Integer.parseInt(location.group(2)) : 0, isInApp(module)));
            }
        }
        return new StackTraceText.Parsed(type, message, frames, List.of());
    }

    private static boolean isInApp(String module) {
        var first = module.split("/", 2)[0];
        return module.equals("main") || (first.contains(".") && !module.startsWith("golang.org/"));
    }
}
