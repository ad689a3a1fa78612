package dev.debugd.cli;

import dev.debugd.api.ApiServer;
import dev.debugd.config.Endpoints;
import dev.debugd.config.LocalSecrets;
import dev.debugd.dispatch.LedgerStore;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.evidence.clickhouse.ClickHouseSql;
import dev.debugd.evidence.clickhouse.EvidenceSchema;
import dev.debugd.ingest.EvidenceStore;
import dev.debugd.ingest.IngestEndpoints;
import dev.debugd.incidents.TraceLinks;
import dev.debugd.ingest.RecordedGrouping;
import dev.debugd.integrations.github.GitHubPullRequests;
import dev.debugd.readmodel.ReadModelSchemas;
import dev.debugd.signature.GroupingSettings;
import dev.debugd.store.Postgres;
import dev.debugd.tasks.LedgerTasks;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.Topic;
import dev.debugd.timeline.kafka.RecordFetcher;
import dev.debugd.timeline.kafka.RecordedConfiguration;
import dev.debugd.timeline.kafka.TimelineWriter;
import dev.debugd.webhooks.MergePoller;
import dev.debugd.webhooks.ReadModelFacts;
import dev.debugd.webhooks.RecordedIntegrations;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs the HTTP API: evidence ingestion (JSON batches, JSON log lines, OTLP/HTTP logs), manual incidents and health. "
            + "Creates or upgrades the evidence tables in ClickHouse and the ingest tables in Postgres first. "
            + "Clients authenticate with a tenant's token (bin/debugd tokens create).")
final class ServeCommand implements Callable<Integer> {

    private static final Event.Agent AGENT = new Event.Agent("api", "1");

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    /** How often the recorded configuration is read for new facts. */
    private static final Duration CONFIGURATION_CHECK = Duration.ofSeconds(1);
    /** The last closed pull requests of a repository each merge poll reads. */
    private static final int MERGE_LOOK_BACK = 30;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    /** Created when missing. */
    @Mixin
    EvidenceDatabaseOptions evidenceDatabase;

    @Mixin
    GridOptions gridOptions;

    @Mixin
    TopicOptions topicOptions;

    @Option(names = "--trace-url", description = "Where the dashboard links an agent run's trace: a URL with {trace_id} in it,"
            + " e.g. Langfuse's https://<host>/project/<project>/traces/{trace_id} (default: none; the dashboard shows the id).")
    String traceUrl;

    @Option(names = "--merge-poll", defaultValue = "60s", description = "How often the pull requests of each GitHub Integration are"
            + " read for merges a webhook missed (default ${DEFAULT-VALUE}; 0s: never).")
    String mergePoll;

    @Override
    public Integer call() throws Exception {
        var endpoints = Endpoints.fromEnvironment();
        var grid = gridOptions.grid();
        new ClickHouseHttp(endpoints.clickhouse(), "default").execute("CREATE DATABASE IF NOT EXISTS " + ClickHouseSql.identifier(evidenceDatabase.name));
        var clickhouse = new ClickHouseHttp(endpoints.clickhouse(), evidenceDatabase.name);
        var applied = new EvidenceSchema(clickhouse).migrate();
        var postgres = new Postgres(endpoints.postgres());
        postgres.migrate("ingest", "ingest");
        postgres.migrate(LedgerStore.SCHEMA, "ledger"); // the task API reads the dispatcher's ledger
        new ReadModelSchemas(endpoints.postgres()).migrate(ReadModelSchemas.LIVE); // the incident reads read the read model
        var pool = postgres.pool("api", 8);
        var clock = Clock.systemUTC();
        var writer = new TimelineWriter(endpoints.kafka(), topicOptions.topics());
        // Each tenant's spec.grouping as recorded: evidence is signed under the settings in force at its time.
        var grouping = new RecordedGrouping(new RecordedConfiguration(endpoints.kafka(), topicOptions.topics(), AGENT),
                CONFIGURATION_CHECK);
        var store = new EvidenceStore(clickhouse, pool, grid, grouping, clock);
        // The local mode's Secrets are environment variables (LocalSecrets), as the workers read them.
        var integrations = new RecordedIntegrations(new RecordedConfiguration(endpoints.kafka(), topicOptions.topics(), AGENT),
                ref -> Optional.ofNullable(System.getenv(LocalSecrets.variable(ref))), clock);
        var tasks = new LedgerTasks(pool, new LedgerStore(LedgerStore.SCHEMA), new RecordFetcher(endpoints.kafka()));
        var server = ApiServer.start(port, clickhouse, pool, store, writer::writeAll, clock, integrations, integrations,
                Optional.of(tasks), Optional.ofNullable(traceUrl).map(TraceLinks::new));
        var pollEvery = Durations.parse(mergePoll, "--merge-poll");
        var polls = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "merge-poller");
            thread.setDaemon(true);
            return thread;
        });
        if (!pollEvery.isZero()) {
            var poller = new MergePoller(integrations::all, GitHubPullRequests::connect, writer::writeAll,
                    new ReadModelFacts(pool, ReadModelSchemas.LIVE), MERGE_LOOK_BACK);
            polls.scheduleWithFixedDelay(poller::pollOnce, pollEvery.toMillis(), pollEvery.toMillis(), TimeUnit.MILLISECONDS);
        }
        LOG.info("serve: ClickHouse {} (database {}, migrations applied now: {}), Postgres {}; buckets of {}s closed {}s after"
                + " their end", endpoints.clickhouse(), evidenceDatabase.name, applied.isEmpty() ? "none" : applied, endpoints.postgres().jdbcUrl(),
                grid.widthSeconds(), grid.lateness().getSeconds());
        LOG.info("serve: grouping settings as recorded in {} ({} tenant(s) configured, defaults for the rest)",
                topicOptions.topics().name(Topic.INTERNAL), grouping.tenants());
        var base = "http://127.0.0.1:" + server.port();
        for (var path : IngestEndpoints.paths()) {
            LOG.info("serve: {}", path.replaceFirst(" /", " " + base + "/"));
        }
        LOG.info("serve: GET {}/v1/incidents, {}/v1/incidents/ID, {}/v1/incidents/ID/evidence, {}/v1/tenant, {}/v1/stream (live),"
                + " {}/v1/audit, {}/v1/session (by read token); POST {}/v1/incidents/ID/resolve|suppress|reopen|retry (a person's facts, by act"
                + " token); GET {}/v3/api-docs (OpenAPI)", base, base, base, base, base, base, base, base, base);
        LOG.info("serve: the dashboard at {}/ (sign in with a read or act token); agent runs' traces linked {}", base,
                traceUrl == null ? "nowhere (--trace-url)" : "to " + traceUrl);
        LOG.info("serve: POST {}/v1/incidents (open an incident by hand, by act token; Kafka {}, topics {}*)", base,
                endpoints.kafka().bootstrapServers(), topicOptions.prefix);
        LOG.info("serve: GET {}/v1/tasks/input, GET {}/v1/tasks/state (the task API of tenant workloads, by workload token)",
                base, base);
        LOG.info("serve: POST {}/v1/webhooks/sentry/INTEGRATION (Sentry's deliveries for a sentry Integration: events as evidence)",
                base);
        LOG.info("serve: POST {}/v1/webhooks/github/INTEGRATION (GitHub's deliveries for a GitHub Integration); merges a webhook"
                + " missed are looked for {}", base, pollEvery.isZero() ? "never" : "every " + pollEvery.toSeconds() + " s");
        LOG.info("serve: GET {}/healthz, GET {}/actuator/prometheus (metrics)", base, base);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            polls.shutdownNow();
            grouping.close();
            server.close();
            integrations.close();
            writer.close();
            pool.close();
            stopped.countDown();
        }, "serve-shutdown"));
        stopped.await();
        return 0;
    }
}
