package dev.debugd.signature;

import dev.debugd.evidence.ExceptionEvent.Cause;
import dev.debugd.evidence.ExceptionEvent.Frame;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Stack-trace text as runtimes print it, in Java, Python, JavaScript/TypeScript (V8 and Firefox/Safari), Go and .NET:
 * the exception's type and message, its frames with the one that threw first, and its causes from the outermost to
 * the root, each with its frames. The language is told from the text itself. Frames of a runtime's or a library's
 * code are marked as not the application's. Pure.
 */
public final class StackTraceText {

    /** A trace's parts; the type is empty when the text is no stack trace this reader knows. */
    public record Parsed(String type, String message, List<Frame> frames, List<Cause> causes) {}

    private static final Pattern LIBRARY_PATH = Pattern.compile(
            "node_modules|^node:|^internal/|<anonymous>|site-packages|dist-packages|/lib/python\\d|<frozen |^runtime\\.|^System\\.|^Microsoft\\.");

    private StackTraceText() {}

    public static Parsed parse(String text) {
        if (PythonTrace.recognizes(text)) {
            return PythonTrace.parse(text);
        }
        if (GoTrace.recognizes(text)) {
            return GoTrace.parse(text);
        }
        if (DotNetTrace.recognizes(text)) {
            return DotNetTrace.parse(text);
        }
        // Java's "(File.java:12)" also ends like a JavaScript location, so Java is asked first.
        if (!JavaStackTrace.recognizes(text) && JavaScriptTrace.recognizes(text)) {
            return JavaScriptTrace.parse(text);
        }
        return JavaStackTrace.parse(text);
    }

    /**
     * Whether a frame of this module (a class, a file path, a package) is the application's, for frames that did not
     * say: not a runtime's or a well-known library's, in any of the languages read here.
     */
    public static boolean isInApp(String module) {
        return JavaStackTrace.isInApp(module) && !LIBRARY_PATH.matcher(module).find();
    }
}
