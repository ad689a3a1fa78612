package dev.debugd.evidence;

import java.time.Instant;

/** One served request's metadata as evidence (strings never null: absent is empty). */
public record RequestRecord(Instant timestamp, String service, String route, int status, double durationMs, String deployHash,
        String requestId, String traceId) {}
