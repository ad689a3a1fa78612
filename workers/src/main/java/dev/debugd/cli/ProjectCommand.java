package dev.debugd.cli;

import dev.debugd.config.Endpoints;
import dev.debugd.health.RoleEndpoints;
import dev.debugd.readmodel.LiveProjection;
import dev.debugd.readmodel.Projector;
import dev.debugd.readmodel.ReadModelSchemas;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.timeline.kafka.TimelineWriter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "project", mixinStandardHelpOptions = true,
        description = "Runs the projector: keeps the read model in Postgres (schema readmodel) current from the three Kafka "
            + "topics, one transaction a poll with the offsets it goes on from, and publishes every bad record it meets as "
            + "EventRejected. Resumes from its stored offsets; goes on against the new read model when `replay` swaps one in; "
            + "stops when a newer projector starts. Serves GET /metrics (its lag among them) and GET /healthz.")
final class ProjectCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectCommand.class);
    static final Event.Agent AGENT = new Event.Agent("projector", "1");

    @Mixin
    TopicOptions topicOptions;

    @Option(names = "--metrics-port", defaultValue = "9464", description = "Port of GET /metrics and GET /healthz"
            + " (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int metricsPort;

    @Option(names = "--lag-every", defaultValue = "5s", description = "How often the lag is measured and, when records came,"
            + " logged (default ${DEFAULT-VALUE}).")
    String lagEvery;

    @Override
    public Integer call() throws Exception {
        var every = Durations.parse(lagEvery, "--lag-every");
        var endpoints = Endpoints.fromEnvironment();
        var topics = topicOptions.topics();
        var schemas = new ReadModelSchemas(endpoints.postgres());
        schemas.migrate(ReadModelSchemas.LIVE);
        var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var going = new AtomicBoolean(true);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            going.set(false);
            try {
                stopped.await(); // until the last transaction ended and the clients are closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "project-shutdown"));
        try (var reader = new TimelineReader(endpoints.kafka(), topics, AGENT, 2000);
                var writer = new TimelineWriter(endpoints.kafka(), topics);
                var projection = new LiveProjection(() -> new Projector(reader, writer, schemas, ReadModelSchemas.LIVE,
                        batch -> { }), metrics);
                var served = RoleEndpoints.start("projector", metricsPort, metrics, projection::healthy)) {
            LOG.info("project: Kafka {} (topics {}*) into Postgres {} (schema {}); GET http://127.0.0.1:{}/metrics,"
                    + " GET http://127.0.0.1:{}/healthz", endpoints.kafka().bootstrapServers(), topicOptions.prefix,
                    endpoints.postgres().jdbcUrl(), ReadModelSchemas.LIVE, served.port(), served.port());
            projection.run(going::get, Duration.ofMillis(200), every, Duration.ofSeconds(30));
            LOG.info("project: stopped");
        } catch (Projector.StaleWriterException e) {
            LOG.error("project: stopping: {}", e.getMessage());
            return 1;
        } finally {
            stopped.countDown();
        }
        return 0;
    }
}
