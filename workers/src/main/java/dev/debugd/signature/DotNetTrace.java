package dev.debugd.signature;

import dev.debugd.evidence.ExceptionEvent.Cause;
import dev.debugd.evidence.ExceptionEvent.Frame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A .NET exception's {@code ToString()}: {@code Outer: message ---> Inner: message}, then the innermost exception's
 * frames, {@code --- End of inner exception stack trace ---}, the next one's, and so on out to the outermost's.
 * Frames read {@code at Namespace.Type.Method(args) in path:line N}; the module is the type, the function the
 * method without its arguments.
 */
final class DotNetTrace {

    private static final Pattern FRAME = Pattern.compile("^\\s*at ([^(]+)\\.([^.(]+)\\((.*?)\\)(?: in (.+):line (\\d+))?\\s*$");
    private static final Pattern HEADER = Pattern.compile("^([A-Za-z_][\\w.`]*)(?::\\s?(.*))?$");
    private static final String INNER = " ---> ";
    private static final String END_OF_INNER = "--- End of inner exception stack trace ---";

    private DotNetTrace() {}

    static boolean recognizes(String text) {
        return text.contains(END_OF_INNER) || text.contains(INNER) || Pattern.compile("(?m)^\\s+at .+\\) in .+:line \\d+\\s*$").matcher(text).find()
                || Pattern.compile("(?m)^\\s+at (System|Microsoft)\\.[\\w.`<>]+\\(").matcher(text).find();
    }

    static StackTraceText.Parsed parse(String text) {
        var lines = text.split("\r?\n");
        var chain = new ArrayList<Cause>(); // outermost first, from the header
        for (var part : lines[0].split(INNER)) {
            var header = HEADER.matcher(part.strip());
            chain.add(header.matches() ? new Cause(header.group(1), header.group(2) == null ? "" : header.group(2))
                    : new Cause(part.strip(), ""));
        }
        // Frame sections come innermost first; each "End of inner exception" closes one.
        var sections = new ArrayList<List<Frame>>();
        var current = new ArrayList<Frame>();
        for (int i = 1; i < lines.length; i++) {
            var line = lines[i];
            if (line.contains(END_OF_INNER)) {
                sections.add(current);
                current = new ArrayList<>();
                continue;
            }
            if (line.startsWith("--- End of stack trace from previous location")) {
                continue;
            }
            var inner = line.indexOf(INNER);
            if (inner >= 0) { // an inner exception's header on a line of its own
                var header = HEADER.matcher(line.substring(inner + INNER.length()).strip());
                if (header.matches() && chain.stream().noneMatch(c -> c.type().equals(header.group(1)))) {
                    chain.add(new Cause(header.group(1), header.group(2) == null ? "" : header.group(2)));
                }
                continue;
            }
            var frame = FRAME.matcher(line);
            if (frame.matches()) {
                var module = frame.group(1).strip();
                current.add(new Frame(module, frame.group(2), frame.group(4) == null ? "" : frame.group(4),
                        frame.group(5) == null ? 0 : Integer.parseInt(frame.group(5)), StackTraceText.isInApp(module)));
            }
        }
        sections.add(current);
        Collections.reverse(sections); // outermost first, like the chain
        var withFrames = new ArrayList<Cause>();
        for (int i = 0; i < chain.size(); i++) {
            int section = i - (chain.size() - sections.size());
            var frames = section >= 0 && section < sections.size() ? sections.get(section) : List.<Frame>of();
            withFrames.add(new Cause(chain.get(i).type(), chain.get(i).message(), frames));
        }
        var outermost = withFrames.get(0);
        return new StackTraceText.Parsed(outermost.type(), outermost.message(), outermost.frames(),
                withFrames.subList(1, withFrames.size()));
    }
}
