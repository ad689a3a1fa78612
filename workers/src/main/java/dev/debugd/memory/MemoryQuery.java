package dev.debugd.memory;

import dev.debugd.context.snapshot.Context;
import dev.debugd.context.snapshot.ContextAssembly;

/**
 * What a new incident searches the memory with: its service, signature and title as the detector named them (the
 * start of every {@link MemoryEntry#text}), then what its evidence says, most telling first: its exceptions and their
 * causes, and its own error lines. Pure: the same context gives the same text.
 */
public final class MemoryQuery {

    /** Exception kinds and log lines the query takes: the first few say what the failure is. */
    static final int EXCEPTIONS = 3;
    static final int LINES = 3;

    private MemoryQuery() {}

    public static String of(Context context) {
        var incident = context.incident();
        var text = new StringBuilder();
        text.append("service ").append(incident.service()).append('\n');
        text.append("signature ").append(incident.signature()).append('\n');
        text.append(incident.title()).append('\n');
        context.exceptions().stream().limit(EXCEPTIONS).forEach(exception -> {
            text.append(exception.type()).append(": ").append(exception.message()).append('\n');
            exception.causes().forEach(cause -> text.append("caused by ").append(cause.type()).append(": ")
                    .append(cause.message()).append('\n'));
        });
        context.logLines().stream()
                .filter(line -> ContextAssembly.isOwnLine(incident.signature(), line.incidentSignature(), line.level()))
                .limit(LINES).forEach(line -> text.append(line.message()).append('\n'));
        return text.toString().strip();
    }
}
