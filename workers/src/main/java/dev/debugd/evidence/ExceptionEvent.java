package dev.debugd.evidence;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An exception as evidence: its type and message, its frames with the one that threw first (as a Java stack trace
 * prints them), and its causes from the outermost to the root; where the source says so (an error tracker's event), the
 * environment it happened in and its tags, by name.
 */
public record ExceptionEvent(Instant timestamp, String service, String route, String deployHash, String requestId,
        String traceId, String type, String message, List<Frame> frames, List<Cause> causes, String environment,
        Map<String, String> tags) {

    public ExceptionEvent {
        frames = List.copyOf(frames);
        causes = List.copyOf(causes);
        environment = environment == null ? "" : environment;
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /** An exception from a log or a stack trace: no environment, no tags. */
    public ExceptionEvent(Instant timestamp, String service, String route, String deployHash, String requestId,
            String traceId, String type, String message, List<Frame> frames, List<Cause> causes) {
        this(timestamp, service, route, deployHash, requestId, traceId, type, message, frames, causes, "", Map.of());
    }

    /** One stack frame; line 0 when unknown. */
    public record Frame(String module, String function, String file, int line, boolean inApp) {}

    /** A cause in the chain, with its own frames when the source gave them (a stack trace's "Caused by:" does). */
    public record Cause(String type, String message, List<Frame> frames) {
        public Cause {
            frames = List.copyOf(frames);
        }

        public Cause(String type, String message) {
            this(type, message, List.of());
        }
    }
}
