package dev.debugd.health;

import dev.debugd.config.Endpoints;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.workqueue.SqsClients;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Checks that each server the platform needs answers and is set up as expected (a smoke check, not a test). */
public final class ServerChecks {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Endpoints endpoints;
    private final Set<String> topics;

    /** Checks the servers, and that Kafka has these topics (the timeline's, under the prefix in use). */
    public ServerChecks(Endpoints endpoints, Collection<String> topics) {
        this.endpoints = endpoints;
        this.topics = Set.copyOf(topics);
    }

    public List<ServerCheck> runAll() {
        var results = new ArrayList<ServerCheck>();
        results.add(timed("kafka", endpoints.kafka().bootstrapServers(), this::kafka));
        results.add(timed("sqs", endpoints.sqsName(), this::sqs));
        results.add(timed("clickhouse", endpoints.clickhouse().toString(), this::clickhouse));
        results.add(timed("postgres", endpoints.postgres().toString(), this::postgres));
        return results;
    }

    private interface Probe {
        String run() throws Exception;
    }

    private static ServerCheck timed(String server, String endpoint, Probe probe) {
        long start = System.nanoTime();
        String detail;
        boolean ok;
        try {
            detail = probe.run();
            ok = true;
        } catch (Exception e) {
            detail = describe(e);
            ok = false;
        }
        return new ServerCheck(server, endpoint, ok, detail, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** The exception and its root cause, which usually says what is wrong (refused, authentication, …). */
    private static String describe(Throwable e) {
        var root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        var text = e.getClass().getSimpleName() + ": " + e.getMessage();
        return root == e ? text : text + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    private String kafka() throws Exception {
        Properties props = endpoints.kafka().clientProperties();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (var admin = Admin.create(props)) {
            var cluster = admin.describeCluster();
            var clusterId = cluster.clusterId().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            int brokers = cluster.nodes().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).size();
            var missing = new TreeSet<>(topics);
            missing.removeAll(admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            if (!missing.isEmpty()) {
                throw new IllegalStateException("topics missing: " + missing + " (bin/stack up creates them)");
            }
            return "cluster " + clusterId + ", " + brokers + " broker(s), topics " + new TreeSet<>(topics);
        }
    }

    private String sqs() {
        try (var sqs = SqsClients.create(endpoints.sqs())) {
            return sqs.listQueues().queueUrls().size() + " queue(s)";
        }
    }

    private String clickhouse() throws Exception {
        // Through the evidence adapter, so the check logs in as the roles do.
        var rows = new ClickHouseHttp(endpoints.clickhouse(), "default").query("SELECT version() AS v");
        return "ClickHouse " + rows.get(0).get("v").asString();
    }

    private String postgres() throws Exception {
        var pg = endpoints.postgres();
        var props = new Properties();
        props.put("user", pg.user());
        props.put("password", pg.password());
        props.put("connectTimeout", String.valueOf(TIMEOUT.toSeconds()));
        try (var connection = DriverManager.getConnection(pg.jdbcUrl(), props);
                var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT current_setting('server_version'),"
                        + " (SELECT extversion FROM pg_extension WHERE extname = 'vector')")) {
            rs.next();
            if (rs.getString(2) == null) {
                throw new IllegalStateException("the vector extension is not created in " + pg.database());
            }
            return "PostgreSQL " + rs.getString(1) + ", pgvector " + rs.getString(2);
        }
    }
}
