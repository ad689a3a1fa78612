package dev.debugd.api;

import dev.debugd.access.ApiTokens;
import dev.debugd.access.AuditTrail;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.incidents.AuditEndpoints;
import dev.debugd.incidents.EvidenceSeries;
import dev.debugd.incidents.IncidentEndpoints;
import dev.debugd.incidents.IncidentReadEndpoints;
import dev.debugd.incidents.IncidentReads;
import dev.debugd.incidents.LiveUpdates;
import dev.debugd.incidents.PersonFactEndpoints;
import dev.debugd.incidents.SessionEndpoints;
import dev.debugd.incidents.StreamEndpoints;
import dev.debugd.incidents.TraceLinks;
import dev.debugd.ingest.EvidenceStore;
import dev.debugd.ingest.IngestEndpoints;
import dev.debugd.readmodel.ReadModelSchemas;
import dev.debugd.tasks.LedgerTasks;
import dev.debugd.tasks.TaskApiEndpoints;
import dev.debugd.timeline.Event;
import dev.debugd.webhooks.GitHubWebhookEndpoints;
import dev.debugd.integrations.sentry.SentryIssues;
import dev.debugd.webhooks.SentryWebhookEndpoints;
import dev.debugd.workqueue.WorkloadTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The HTTP API (ingestion, incident reads and manual incidents, GitHub's webhooks, the task API of tenant workloads, health): Spring MVC on Tomcat, with the endpoints handed in as objects (no component scan), so what runs
 * is what is written here.
 */
public final class ApiServer implements AutoCloseable {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Configuration {}

    private final ConfigurableApplicationContext context;

    private ApiServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts on this port (0: any free one) and returns once it serves.
     *
     * @param timeline writes events to the timeline and returns once Kafka acknowledged them (manual incidents)
     */
    public static ApiServer start(int port, ClickHouseHttp clickhouse, DataSource postgres, EvidenceStore store,
            Consumer<List<Event>> timeline, Clock clock) {
        return start(port, clickhouse, postgres, store, timeline, clock, name -> Optional.empty());
    }

    /** @param integrations the Integrations GitHub's webhooks are addressed to */
    public static ApiServer start(int port, ClickHouseHttp clickhouse, DataSource postgres, EvidenceStore store,
            Consumer<List<Event>> timeline, Clock clock, GitHubWebhookEndpoints.Integrations integrations) {
        return start(port, clickhouse, postgres, store, timeline, clock, integrations, Optional.empty());
    }

    /** @param tasks the ledger and the timeline, for the task API of tenant workloads (absent: no task API) */
    public static ApiServer start(int port, ClickHouseHttp clickhouse, DataSource postgres, EvidenceStore store,
            Consumer<List<Event>> timeline, Clock clock, GitHubWebhookEndpoints.Integrations integrations,
            Optional<LedgerTasks> tasks) {
        return start(port, clickhouse, postgres, store, timeline, clock, integrations, name -> Optional.empty(), tasks, Optional.empty());
    }

    /**
     * @param sentry the Integrations Sentry's webhooks are addressed to
     * @param traces where the dashboard links an agent run's trace (absent: it shows the trace id alone)
     */
    public static ApiServer start(int port, ClickHouseHttp clickhouse, DataSource postgres, EvidenceStore store,
            Consumer<List<Event>> timeline, Clock clock, GitHubWebhookEndpoints.Integrations integrations,
            SentryWebhookEndpoints.Integrations sentry, Optional<LedgerTasks> tasks, Optional<TraceLinks> traces) {
        var application = new SpringApplication(Configuration.class);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        application.setDefaultProperties(Map.of(
                "server.port", String.valueOf(port),
                "spring.main.register-shutdown-hook", "false",
                // Bodies are read and limited by the endpoints themselves (gzip included).
                "server.tomcat.max-swallow-size", "-1",
                // Spring's own error page (for what fails before an endpoint runs) says no more than the status.
                "server.error.include-message", "never",
                "server.error.include-stacktrace", "never",
                "server.error.include-exception", "false",
                "management.endpoints.web.exposure.include", "health,prometheus",
                // The description is meant to be served (springdoc warns when it is on by default only).
                "springdoc.api-docs.enabled", "true"));
        application.addInitializers(context -> {
            var beans = (GenericApplicationContext) context;
            var tokens = new ApiTokens(postgres);
            beans.registerBean(IngestEndpoints.class, () -> new IngestEndpoints(tokens, store, clock, beans.getBean(MeterRegistry.class)));
            var audit = new AuditTrail(postgres);
            var sentryIssues = new SentryIssues(postgres);
            beans.registerBean(IncidentEndpoints.class, () -> new IncidentEndpoints(tokens, audit, sentryIssues, timeline, clock));
            var reads = new IncidentReads(postgres, ReadModelSchemas.LIVE);
            beans.registerBean(IncidentReadEndpoints.class, () -> new IncidentReadEndpoints(tokens, reads, new EvidenceSeries(clickhouse), sentryIssues, clock));
            beans.registerBean(PersonFactEndpoints.class, () -> new PersonFactEndpoints(tokens, reads, audit, timeline, clock));
            beans.registerBean(AuditEndpoints.class, () -> new AuditEndpoints(tokens, audit));
            beans.registerBean(SessionEndpoints.class, () -> new SessionEndpoints(tokens, traces));
            var live = new LiveUpdates(postgres, ReadModelSchemas.LIVE, Duration.ofMillis(250));
            beans.registerBean(StreamEndpoints.class, () -> new StreamEndpoints(tokens, live));
            // Open streams end before the web server's graceful shutdown, which would otherwise wait for them.
            beans.registerBean("liveUpdatesLifecycle", SmartLifecycle.class, () -> new SmartLifecycle() {
                private volatile boolean running;

                @Override
                public void start() {
                    running = true;
                }

                @Override
                public void stop() {
                    live.close();
                    running = false;
                }

                @Override
                public boolean isRunning() {
                    return running;
                }
            });
            beans.registerBean(GitHubWebhookEndpoints.class, () -> new GitHubWebhookEndpoints(integrations, timeline));
            beans.registerBean(SentryWebhookEndpoints.class, () -> new SentryWebhookEndpoints(sentry, store, sentryIssues, clock));
            tasks.ifPresent(ledger -> beans.registerBean(TaskApiEndpoints.class,
                    () -> new TaskApiEndpoints(new WorkloadTokens(postgres), ledger, ledger)));
            // The description at /v3/api-docs: the endpoints springdoc finds, under this title, with the tokens they take.
            beans.registerBean(OpenAPI.class, () -> new OpenAPI()
                    .info(new Info().title("debugd API").version("v1").description("Evidence in, incidents and a person's facts"
                            + " out. Every /v1 endpoint but the webhooks takes Authorization: Bearer with a tenant's token"
                            + " (dbg_…, scopes ingest, read, act) or a workload's (dbw_…, the task API)."))
                    .components(new Components().addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                            .scheme("bearer")))
                    .addSecurityItem(new SecurityRequirement().addList("bearer")));
            beans.registerBean(HealthEndpoint.class, () -> new HealthEndpoint(clickhouse, postgres));
            beans.registerBean(ErrorResponses.class, ErrorResponses::new);
        });
        return new ApiServer(application.run());
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() {
        context.close();
    }
}
