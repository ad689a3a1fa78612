package dev.debugd.evidence;

import java.time.Instant;

/** A log line as evidence (strings never null: absent is empty). */
public record LogLine(Instant timestamp, String service, String level, String message, String route, String deployHash,
        String requestId, String traceId, String stream) {}
