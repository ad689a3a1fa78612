package dev.debugd.standins.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local OTLP/HTTP trace receiver, standing in for Langfuse's OTel endpoint or a collector: {@code POST /v1/traces}
 * with an {@code ExportTraceServiceRequest} in protobuf (or its JSON mapping), decoded and kept span by span with the
 * request's headers. Not a collector: it keeps what it receives so that tests and benchmarks can read it.
 */
public final class OtlpTraceReceiver implements AutoCloseable {

    /** A received span: its trace and span ids (hex), its parent's (empty for a root), name, attributes, status. */
    public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, Map<String, Object> attributes,
            String serviceName, boolean error, long durationNanos) {}

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(2, r -> {
        var thread = new Thread(r, "otlp-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
    private final List<String> rawBodies = new CopyOnWriteArrayList<>();

    private OtlpTraceReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free port of the loopback interface. */
    public static OtlpTraceReceiver start() throws IOException {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        var receiver = new OtlpTraceReceiver(server);
        server.createContext("/v1/traces", receiver::receive);
        server.setExecutor(receiver.handlers);
        server.start();
        return receiver;
    }

    /** The base URL to give as {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** The headers of each export request, by lower-case name. */
    public List<Map<String, List<String>>> headers() {
        return List.copyOf(headers);
    }

    /** Every request body as received, decoded to text where it was JSON and to protobuf's text form otherwise. */
    public List<String> bodies() {
        return List.copyOf(rawBodies);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            var body = exchange.getRequestBody().readAllBytes();
            var contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            ExportTraceServiceRequest request;
            try {
                if (contentType != null && contentType.startsWith("application/json")) {
                    var builder = ExportTraceServiceRequest.newBuilder();
                    JsonFormat.parser().ignoringUnknownFields().merge(new String(body, StandardCharsets.UTF_8), builder);
                    request = builder.build();
                } else {
                    request = ExportTraceServiceRequest.parseFrom(body);
                }
            } catch (InvalidProtocolBufferException e) {
                var message = ("not an ExportTraceServiceRequest: " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(400, message.length);
                exchange.getResponseBody().write(message);
                return;
            }
            var named = new LinkedHashMap<String, List<String>>();
            exchange.getRequestHeaders().forEach((name, values) -> named.put(name.toLowerCase(Locale.ROOT), values));
            headers.add(named);
            rawBodies.add(request.toString());
            keep(request);
            var response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
            if (response.length > 0) {
                exchange.getResponseBody().write(response);
            }
        }
    }

    private void keep(ExportTraceServiceRequest request) {
        var hex = HexFormat.of();
        for (var resourceSpans : request.getResourceSpansList()) {
            var service = resourceSpans.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("service.name")).map(a -> a.getValue().getStringValue()).findFirst().orElse("");
            for (var scopeSpans : resourceSpans.getScopeSpansList()) {
                for (var span : scopeSpans.getSpansList()) {
                    var attributes = new LinkedHashMap<String, Object>();
                    for (KeyValue attribute : span.getAttributesList()) {
                        attributes.put(attribute.getKey(), value(attribute.getValue()));
                    }
                    spans.add(new ReceivedSpan(hex.formatHex(span.getTraceId().toByteArray()), hex.formatHex(span.getSpanId().toByteArray()),
                            hex.formatHex(span.getParentSpanId().toByteArray()), span.getName(), attributes, service,
                            span.getStatus().getCodeValue() == 2, span.getEndTimeUnixNano() - span.getStartTimeUnixNano()));
                }
            }
        }
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            default -> value.toString();
        };
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
