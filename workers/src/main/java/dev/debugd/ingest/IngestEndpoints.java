package dev.debugd.ingest;

import dev.debugd.access.ApiTokens;
import dev.debugd.access.Scope;
import dev.debugd.evidence.Evidence;
import dev.debugd.health.OutageLog;
import dev.debugd.ingest.otlp.OtlpLogs;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ingest endpoints, each authenticated by a tenant's token with the {@code ingest} scope ({@code Authorization: Bearer dbg_…}):
 * <ul>
 * <li>{@code POST /v1/ingest}: a JSON batch of logs, exceptions and requests ({@link IngestBody});</li>
 * <li>{@code POST /v1/ingest/logs}: log records as a JSON array or JSON lines (Vector, Fluent Bit), batch id in
 *     {@code X-Batch-Id};</li>
 * <li>{@code POST /v1/logs}: OTLP/HTTP logs, protobuf or JSON, so OpenTelemetry SDKs and collectors send directly.</li>
 * </ul>
 * A body without a batch id is identified by its SHA-256, so a retry of the same body is recognised. Bodies may be
 * gzip-compressed ({@code Content-Encoding: gzip}). Outcomes are counted in {@code debugd_ingest_batches_total} and
 * stored rows in {@code debugd_ingest_rows_total} ({@code /actuator/prometheus}).
 */
@RestController
public final class IngestEndpoints {

    /** Largest body accepted, after decompression. */
    public static final int MAX_BODY_BYTES = 32 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(IngestEndpoints.class);
    private static final MediaType PROTOBUF = MediaType.parseMediaType("application/x-protobuf");
    private final ApiTokens tokens;
    private final EvidenceStore store;
    private final Clock clock;
    private final IngestBody bodies = new IngestBody();
    private final OutageLog outage = new OutageLog(LOG, "the evidence store (ClickHouse or Postgres)");
    private final MeterRegistry metrics;

    public IngestEndpoints(ApiTokens tokens, EvidenceStore store, Clock clock, MeterRegistry metrics) {
        this.tokens = tokens;
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** debugd_ingest_batches_total{outcome}: what became of each batch. */
    private void counted(String outcome) {
        metrics.counter("debugd.ingest.batches", "outcome", outcome).increment();
    }

    @Operation(summary = "A JSON batch of logs, exceptions and requests (scope ingest)")
    @PostMapping("/v1/ingest")
    public ResponseEntity<Map<String, Object>> batch(HttpServletRequest request) throws InterruptedException {
        return ingest(request, body -> bodies.batch(body), Optional.empty(), "batch:");
    }

    @Operation(summary = "Log records as a JSON array or JSON lines, as Vector and Fluent Bit send them (scope ingest)")
    @PostMapping("/v1/ingest/logs")
    public ResponseEntity<Map<String, Object>> logLines(HttpServletRequest request) throws InterruptedException {
        return ingest(request, body -> bodies.logLines(body), Optional.ofNullable(request.getHeader("X-Batch-Id")), "logs:");
    }

    @Operation(summary = "OTLP/HTTP logs, protobuf or JSON (scope ingest)")
    @PostMapping("/v1/logs")
    public ResponseEntity<?> otlpLogs(HttpServletRequest request) throws InterruptedException {
        var contentType = Optional.ofNullable(request.getContentType()).orElse("");
        boolean json = contentType.startsWith("application/json");
        if (!json && !contentType.startsWith("application/x-protobuf")) {
            return otlpStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE, json,
                    "Content-Type must be application/x-protobuf or application/json, not '" + contentType + "'");
        }
        var authorization = authorize(request);
        if (!authorization.granted()) {
            return otlpStatus(HttpStatus.valueOf(authorization.status()), json, authorization.refusal());
        }
        var tenant = authorization.caller().tenant();
        byte[] body;
        try {
            body = body(request);
        } catch (TooLarge | Unreadable e) {
            return otlpStatus(e instanceof TooLarge ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST, json, e.getMessage());
        }
        Evidence evidence;
        try {
            var export = json ? OtlpLogs.fromJson(body) : OtlpLogs.fromProtobuf(body);
            evidence = OtlpLogs.evidence(export, clock.instant());
        } catch (OtlpLogs.Malformed e) {
            counted("refused");
            return otlpStatus(HttpStatus.BAD_REQUEST, json, e.getMessage());
        }
        if (evidence.size() > 0) {
            var sha = sha256(body);
            var stored = store(tenant, EvidenceStore.contentBatchId("otlp:", sha), sha, evidence);
            if (stored.getStatusCode().isError()) {
                return otlpStatus(HttpStatus.valueOf(stored.getStatusCode().value()), json, String.valueOf(stored.getBody().get("error")));
            }
        }
        var response = ExportLogsServiceResponse.getDefaultInstance();
        return json ? ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("{}")
                : ResponseEntity.ok().contentType(PROTOBUF).body(response.toByteArray());
    }

    private interface BodyParser {
        IngestBody.Parsed parse(byte[] body);
    }

    private ResponseEntity<Map<String, Object>> ingest(HttpServletRequest request, BodyParser parser, Optional<String> headerBatchId,
            String contentIdPrefix) throws InterruptedException {
        var authorization = authorize(request);
        if (!authorization.granted()) {
            var refused = ResponseEntity.status(authorization.status());
            if (authorization.status() == 503) {
                refused.header(HttpHeaders.RETRY_AFTER, "5");
            } else if (authorization.status() == 401) {
                refused.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            }
            return refused.body(error(authorization.refusal()));
        }
        var tenant = authorization.caller().tenant();
        byte[] body;
        try {
            body = body(request);
        } catch (TooLarge e) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(error(e.getMessage()));
        } catch (Unreadable e) {
            return ResponseEntity.badRequest().body(error(e.getMessage()));
        }
        var parsed = parser.parse(body);
        if (parsed instanceof IngestBody.Invalid invalid) {
            counted("refused");
            var answer = error("the batch was refused; nothing of it was stored");
            answer.put("reasons", invalid.reasons());
            return ResponseEntity.badRequest().body(answer);
        }
        var valid = (IngestBody.Valid) parsed;
        var sha = sha256(body);
        var batchId = valid.batchId().or(() -> headerBatchId).orElse(EvidenceStore.contentBatchId(contentIdPrefix, sha));
        return store(tenant, batchId, sha, valid.evidence());
    }

    private ResponseEntity<Map<String, Object>> store(String tenant, String batchId, byte[] sha, Evidence evidence)
            throws InterruptedException {
        EvidenceStore.Outcome outcome;
        try {
            outcome = store.store(tenant, batchId, sha, evidence);
            outage.succeeded();
        } catch (IOException | SQLException e) {
            outage.failed(e);
            counted("unavailable");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                    .body(error("the evidence store is unavailable; nothing was acknowledged, retry the same batch"));
        }
        if (outcome instanceof EvidenceStore.Conflict conflict) {
            counted("conflict");
            return ResponseEntity.status(HttpStatus.CONFLICT).body(error(conflict.reason()));
        }
        var duplicate = outcome instanceof EvidenceStore.Duplicate;
        var counts = duplicate ? ((EvidenceStore.Duplicate) outcome).counts() : ((EvidenceStore.Stored) outcome).counts();
        counted(duplicate ? "duplicate" : "stored");
        if (!duplicate) {
            metrics.counter("debugd.ingest.rows", "table", "log_lines").increment(counts.logs());
            metrics.counter("debugd.ingest.rows", "table", "exceptions").increment(counts.exceptions());
            metrics.counter("debugd.ingest.rows", "table", "requests").increment(counts.requests());
            metrics.counter("debugd.ingest.rows", "table", "late_arrivals").increment(counts.late());
        }
        var answer = new LinkedHashMap<String, Object>();
        answer.put("batch_id", counts.batchId());
        answer.put("duplicate", duplicate);
        var stored = new LinkedHashMap<String, Integer>();
        stored.put("logs", counts.logs());
        stored.put("exceptions", counts.exceptions());
        stored.put("requests", counts.requests());
        stored.put("late", counts.late());
        answer.put("stored", stored);
        return ResponseEntity.ok(answer);
    }

    /** The request's ingest token, counted by what it came to when it is refused. */
    private ApiTokens.Authorization authorize(HttpServletRequest request) {
        var authorization = tokens.authorize(request.getHeader(HttpHeaders.AUTHORIZATION), Scope.INGEST);
        if (!authorization.granted()) {
            counted(switch (authorization.status()) {
                case 503 -> "unavailable";
                case 403 -> "forbidden";
                default -> "unauthorized";
            });
        }
        return authorization;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static final class TooLarge extends Exception {
        TooLarge() {
            super("the body is over the limit of " + MAX_BODY_BYTES + " bytes (after decompression); send smaller batches");
        }
    }

    /** A body that cannot be read, with what the caller should know (never the reading exception's own text). */
    private static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    private static byte[] body(HttpServletRequest request) throws Unreadable, TooLarge {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw new TooLarge();
        }
        var encoding = Optional.ofNullable(request.getHeader(HttpHeaders.CONTENT_ENCODING)).orElse("identity");
        boolean gzip = encoding.equalsIgnoreCase("gzip");
        if (!gzip && !encoding.equalsIgnoreCase("identity")) {
            throw new Unreadable("Content-Encoding '" + encoding + "' is not supported (gzip or none)");
        }
        try {
            InputStream in = gzip ? new GZIPInputStream(request.getInputStream()) : request.getInputStream();
            var out = new ByteArrayOutputStream();
            var buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_BODY_BYTES) {
                    throw new TooLarge();
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new Unreadable(gzip ? "the body is not a whole gzip stream (Content-Encoding: gzip)"
                    : "the body could not be read to its end");
        }
    }

    private static Map<String, Object> error(String message) {
        var answer = new LinkedHashMap<String, Object>();
        answer.put("error", message);
        return answer;
    }

    /** OTLP/HTTP's failure body: a google.rpc.Status with the reason, in the request's encoding. */
    private static ResponseEntity<?> otlpStatus(HttpStatus status, boolean json, String message) {
        if (json) {
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("code", rpcCode(status), "message", message));
        }
        return ResponseEntity.status(status).contentType(PROTOBUF).body(RpcStatus.encode(rpcCode(status), message));
    }

    private static int rpcCode(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST, UNSUPPORTED_MEDIA_TYPE -> 3; // INVALID_ARGUMENT
            case UNAUTHORIZED -> 16; // UNAUTHENTICATED
            case CONTENT_TOO_LARGE -> 8; // RESOURCE_EXHAUSTED
            case CONFLICT -> 6; // ALREADY_EXISTS
            default -> 14; // UNAVAILABLE
        };
    }

    public static List<String> paths() {
        return List.of("POST /v1/ingest (JSON batches)", "POST /v1/ingest/logs (JSON array or lines of log records)",
                "POST /v1/logs (OTLP/HTTP logs, protobuf or JSON)");
    }
}
