package dev.debugd.tracing;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the agents' traces go: the OpenTelemetry SDK configured by the standard variables
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT} or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_HEADERS},
 * {@code OTEL_BSP_MAX_QUEUE_SIZE}, {@code OTEL_SERVICE_NAME} …; OTLP over HTTP with protobuf unless told otherwise), so
 * Langfuse's OTel endpoint or any collector receives them. Spans leave through a batch processor with a bounded queue on
 * its own thread: a receiver that is slow or down never fails or slows a run, and what could not be delivered (a full
 * queue, a failed export) is counted ({@link #droppedSpans()}). Without an endpoint, tracing is off: no spans, and no
 * trace ids in the events.
 */
public final class AgentTracing implements AutoCloseable {

    /** The dropped-span counter, as Prometheus shows it: {@code debugd_agent_trace_spans_dropped_total}. */
    public static final String DROPPED_METRIC = "debugd.agent.trace.spans.dropped";
    private static final Logger LOG = LoggerFactory.getLogger(AgentTracing.class);
    /**
     * The SDK reports each failed export with a stack trace through java.util.logging; an outage of the receiver is
     * reported here instead, once when it begins and once when it ends. Held so the level sticks.
     */
    private static final java.util.logging.Logger SDK_LOG = java.util.logging.Logger.getLogger("io.opentelemetry");
    private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");

    private final OpenTelemetry openTelemetry;
    private final OpenTelemetrySdk sdk;
    private final String destination;
    private final QueueDrops queueDrops;
    private final AtomicLong failedExports;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AgentTracing(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk, String destination, QueueDrops queueDrops,
            AtomicLong failedExports) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
        this.destination = destination;
        this.queueDrops = queueDrops;
        this.failedExports = failedExports;
    }

    /** Tracing off: a tracer whose spans record nothing and carry no trace id. */
    public static AgentTracing off() {
        return new AgentTracing(OpenTelemetry.noop(), null, "off", null, new AtomicLong());
    }

    /**
     * Tracing as the environment's {@code OTEL_*} variables say (only those of {@code environment} count), for a role
     * named {@code role} (the service name unless {@code OTEL_SERVICE_NAME} gives one).
     */
    public static AgentTracing fromEnvironment(Map<String, String> environment, String role) {
        var endpoint = environment.getOrDefault("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                environment.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "")).strip();
        if (endpoint.isEmpty() || "true".equalsIgnoreCase(environment.get("OTEL_SDK_DISABLED"))
                || "none".equalsIgnoreCase(environment.get("OTEL_TRACES_EXPORTER"))) {
            return off();
        }
        var properties = new HashMap<String, String>();
        properties.put("otel.service.name", "debugd-" + role);
        properties.put("otel.exporter.otlp.protocol", "http/protobuf");
        properties.put("otel.traces.exporter", "otlp");
        // Only traces: a tracing endpoint such as Langfuse's takes no metrics or logs.
        properties.put("otel.metrics.exporter", "none");
        properties.put("otel.logs.exporter", "none");
        environment.forEach((name, value) -> {
            if (name.startsWith("OTEL_")) {
                properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        SDK_LOG.setLevel(java.util.logging.Level.OFF);
        var queueDrops = new QueueDrops();
        var failedExports = new AtomicLong();
        var traces = properties.containsKey("otel.exporter.otlp.traces.endpoint")
                ? properties.get("otel.exporter.otlp.traces.endpoint")
                : endpoint.replaceAll("/+$", "") + "/v1/traces";
        var sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .disableShutdownHook()
                .addPropertiesCustomizer(config -> properties)
                .addMeterProviderCustomizer((meters, config) -> meters.registerMetricReader(queueDrops))
                .addSpanExporterCustomizer((exporter, config) -> new CountingFailures(exporter, failedExports, traces,
                        new AtomicBoolean()))
                .build().getOpenTelemetrySdk();
        return new AgentTracing(sdk, sdk, "OTLP " + properties.get("otel.exporter.otlp.protocol") + " to " + traces,
                queueDrops, failedExports);
    }

    public Tracer tracer() {
        return openTelemetry.getTracer("dev.debugd.agents");
    }

    public boolean on() {
        return sdk != null;
    }

    /** Where the traces go, for a startup log line (never the headers: they hold the credentials). */
    public String destination() {
        return destination;
    }

    /** Spans that never reached the receiver: dropped from a full queue, or in an export that failed. */
    public long droppedSpans() {
        return (queueDrops == null ? 0 : queueDrops.dropped()) + failedExports.get();
    }

    /** Shows {@link #droppedSpans()} in a role's metrics. */
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder(DROPPED_METRIC, this, AgentTracing::droppedSpans)
                .description("Agent-run spans that never reached the trace receiver (queue full or export failed)")
                .register(registry);
    }

    /** Sends what is queued, waiting up to {@code seconds}; true when all of it was delivered. */
    public boolean flush(long seconds) {
        return sdk == null || sdk.getSdkTracerProvider().forceFlush().join(seconds, TimeUnit.SECONDS).isSuccess();
    }

    @Override
    public void close() {
        if (sdk != null && closed.compareAndSet(false, true)) {
            sdk.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    /** Reads the batch processor's own count of the spans it dropped because its queue was full. */
    private static final class QueueDrops implements MetricReader {

        private volatile CollectionRegistration registration = CollectionRegistration.noop();

        @Override
        public void register(CollectionRegistration registration) {
            this.registration = registration;
        }

        long dropped() {
            Collection<io.opentelemetry.sdk.metrics.data.MetricData> metrics = registration.collectAllMetrics();
            return metrics.stream().filter(metric -> metric.getName().equals("processedSpans"))
                    .flatMap(metric -> metric.getLongSumData().getPoints().stream())
                    .filter(point -> Boolean.TRUE.equals(point.getAttributes().get(DROPPED)))
                    .mapToLong(LongPointData::getValue).sum();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public MemoryMode getMemoryMode() {
            return MemoryMode.IMMUTABLE_DATA;
        }

        @Override
        public CompletableResultCode forceFlush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /** Counts the spans of every export the receiver did not take, and says when exports begin and stop failing. */
    private record CountingFailures(SpanExporter exporter, AtomicLong failed, String destination, AtomicBoolean failing)
            implements SpanExporter {

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            var result = exporter.export(spans);
            result.whenComplete(() -> {
                if (result.isSuccess()) {
                    if (failing.compareAndSet(true, false)) {
                        LOG.info("traces: {} takes spans again", destination);
                    }
                    return;
                }
                failed.addAndGet(spans.size());
                if (failing.compareAndSet(false, true)) {
                    var cause = result.getFailureThrowable();
                    LOG.warn("traces: an export to {} failed ({}); agent runs go on, and the spans that cannot be sent are"
                            + " dropped and counted ({})", destination, cause == null ? "the receiver refused it"
                            : rootMessage(cause), DROPPED_METRIC);
                }
            });
            return result;
        }

        /** What went wrong, under the wrappers of the asynchronous send: the first I/O failure, else the message. */
        private static String rootMessage(Throwable failure) {
            for (var cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof IOException && !(cause instanceof UncheckedIOException)) {
                    return cause.getMessage() == null ? cause.getClass().getSimpleName()
                            : cause.getClass().getSimpleName() + ": " + cause.getMessage();
                }
            }
            return failure.getMessage();
        }

        @Override
        public CompletableResultCode flush() {
            return exporter.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return exporter.shutdown();
        }
    }
}
