package dev.debugd.cli;

import dev.debugd.config.Endpoints;
import dev.debugd.detect.DetectorCursors;
import dev.debugd.detect.EvidenceViews;
import dev.debugd.detect.IncidentDetector;
import dev.debugd.detect.RecordedDetectionSettings;
import dev.debugd.detect.rules.Detection;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.health.RoleEndpoints;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.kafka.RecordedConfiguration;
import dev.debugd.timeline.kafka.TimelineWriter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Runs the Incident Detector: evaluates every closed bucket of every tenant's evidence with the novelty, "
            + "frequency-spike and error-rate rules and writes an IncidentDetected per episode to the timeline. Each bucket is "
            + "judged with the thresholds (Tenant spec.detection) that the tenant's configuration facts recorded for its start, "
            + "defaults before the first; `dispatch --manifests` records them. --bucket and --lateness must match the ones "
            + "`bin/debugd serve` runs with. Serves GET /metrics and GET /healthz (whether the last pass read and wrote what it"
            + " needed).")
final class DetectCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DetectCommand.class);
    private static final Event.Agent AGENT = new Event.Agent("detector", Detection.RULES_VERSION);

    @Mixin
    EvidenceDatabaseOptions evidenceDatabase;

    @Mixin
    GridOptions gridOptions;

    @Option(names = "--grace", defaultValue = "10s", description = "How long after a bucket's watermark it is left for ingest"
            + " requests still under way (default ${DEFAULT-VALUE}).")
    String grace;

    @Option(names = "--every", defaultValue = "5s", description = "Pause between passes (default ${DEFAULT-VALUE}).")
    String every;

    @Mixin
    TopicOptions topicOptions;

    @Option(names = "--once", description = "One pass, then exit (prints what it detected).")
    boolean once;

    @Mixin
    MetricsPortOption metricsPort;

    @Override
    public Integer call() throws Exception {
        var endpoints = Endpoints.fromEnvironment();
        var grid = gridOptions.grid();
        var postgres = new Postgres(endpoints.postgres());
        postgres.migrate(DetectorCursors.SCHEMA, "detector");
        var clickhouse = new ClickHouseHttp(endpoints.clickhouse(), evidenceDatabase.name);
        try (var pool = postgres.pool("detector", 2);
                var writer = new TimelineWriter(endpoints.kafka(), topicOptions.topics());
                var configuration = new RecordedConfiguration(endpoints.kafka(), topicOptions.topics(), AGENT)) {
            var detector = new IncidentDetector(new EvidenceViews(clickhouse, grid), new DetectorCursors(pool), writer::writeAll,
                    grid, Durations.parse(grace, "--grace"), new RecordedDetectionSettings(configuration), Clock.systemUTC());
            LOG.info("detect: ClickHouse {} (database {}), Postgres {} (schema {}), Kafka {} (topics {}*); buckets of {}s closed"
                    + " {}s after their end; each tenant's thresholds as its configuration facts recorded them for each bucket's"
                    + " time", endpoints.clickhouse(), evidenceDatabase.name, endpoints.postgres().jdbcUrl(), DetectorCursors.SCHEMA,
                    endpoints.kafka().bootstrapServers(), topicOptions.prefix, grid.widthSeconds(), grid.lateness().getSeconds());
            if (once) {
                var detections = detector.runOnce();
                System.out.println("detect: " + detections.size() + " incident(s) detected, buckets evaluated up to "
                        + grid.end(detector.lastClosedBucket()));
                return 0;
            }
            var stopped = new CountDownLatch(1);
            try (var passes = detector.start(Durations.parse(every, "--every"), Duration.ofMinutes(1));
                    var served = RoleEndpoints.start("detector", metricsPort.port, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                            detector::healthy)) {
                LOG.info("detect: GET http://127.0.0.1:{}/metrics, GET http://127.0.0.1:{}/healthz", served.port(), served.port());
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "detect-shutdown"));
                stopped.await();
            }
        }
        return 0;
    }
}
