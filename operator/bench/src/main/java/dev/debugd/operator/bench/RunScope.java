package dev.debugd.operator.bench;

import dev.debugd.config.Endpoints;
import dev.debugd.store.Postgres;
import dev.debugd.timeline.kafka.TimelineTopics;
import dev.debugd.workqueue.SqsClients;
import dev.debugd.workqueue.WorkQueueSettings;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What a run makes on the machine-wide stack, under names of its own (ARCHITECTURE §9): the three timeline topics
 * under a topic prefix, the work queues under a queue prefix, a Postgres database with the settings schema (the task
 * API's tokens). Closing it removes them all, with whatever else is still under the prefixes.
 */
final class RunScope implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 60;
    /** A deleted topic may still be listed for a moment. */
    private static final Duration SETTLE = Duration.ofSeconds(15);

    final Endpoints endpoints;
    final TimelineTopics topics;
    final WorkQueueSettings queues;
    final Endpoints.Postgres database;
    private final Admin admin;
    private final SqsClient sqs;

    private RunScope(Endpoints endpoints, TimelineTopics topics, WorkQueueSettings queues, Endpoints.Postgres database, Admin admin,
            SqsClient sqs) {
        this.endpoints = endpoints;
        this.topics = topics;
        this.queues = queues;
        this.database = database;
        this.admin = admin;
        this.sqs = sqs;
    }

    static RunScope open(Endpoints endpoints) throws Exception {
        var id = UUID.randomUUID().toString().substring(0, 8);
        var topics = new TimelineTopics("bench-" + id + ".");
        var queues = new WorkQueueSettings("bo" + id.substring(0, 6) + "-", 5, Duration.ofMinutes(5), Duration.ofMinutes(15));
        var pg = endpoints.postgres();
        var database = new Endpoints.Postgres(pg.host(), pg.port(), pg.user(), "bench_operator_" + id, pg.password());
        var scope = new RunScope(endpoints, topics, queues, database, Admin.create(endpoints.kafka().clientProperties()),
                SqsClients.create(endpoints.sqs()));
        try {
            var configs = Map.of("max.message.bytes", String.valueOf(4 * 1024 * 1024));
            scope.admin.createTopics(topics.all().stream().map(name -> new NewTopic(name, 3, (short) 1).configs(configs)).toList())
                    .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            scope.sql("CREATE DATABASE " + database.database());
            new Postgres(database).migrateSettings();
            return scope;
        } catch (Exception e) {
            try {
                scope.close();
            } catch (Exception cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Fails when a part of the benchmark left queues, outputs topics or ACLs on them behind, after removing them: a run
     * must leave nothing.
     */
    void requireNothingLeft(String part) throws Exception {
        var left = Polling.until(Duration.ofMillis(500), SETTLE, this::leftovers, List::isEmpty);
        if (!left.isEmpty()) {
            removeLeftovers();
            throw new IllegalStateException(part + " left " + left.size() + " things behind (now removed): "
                    + String.join(", ", left.subList(0, Math.min(10, left.size()))) + (left.size() > 10 ? ", …" : ""));
        }
    }

    /** The queues under the run's prefix, the topics under it other than the timeline's, and the ACLs on those topics. */
    private List<String> leftovers() throws Exception {
        var left = new ArrayList<String>();
        queueUrls().forEach(url -> left.add("queue " + url.substring(url.lastIndexOf('/') + 1)));
        outputsTopics().forEach(topic -> left.add("topic " + topic));
        acls().forEach(acl -> left.add("ACL " + acl.entry().principal() + " " + acl.entry().operation() + " " + acl.pattern().name()));
        return left;
    }

    private void removeLeftovers() throws Exception {
        for (var url : queueUrls()) {
            sqs.deleteQueue(b -> b.queueUrl(url));
        }
        var acls = acls();
        if (!acls.isEmpty()) {
            admin.deleteAcls(acls.stream().map(AclBinding::toFilter).toList()).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        var outputs = outputsTopics();
        if (!outputs.isEmpty()) {
            admin.deleteTopics(outputs).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private List<String> queueUrls() {
        return sqs.listQueuesPaginator(b -> b.queueNamePrefix(queues.queuePrefix())).queueUrls().stream().toList();
    }

    private List<String> outputsTopics() throws InterruptedException, ExecutionException, TimeoutException {
        return admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                .filter(name -> name.startsWith(topics.prefix()) && !topics.all().contains(name)).sorted().toList();
    }

    private List<AclBinding> acls() throws InterruptedException, ExecutionException, TimeoutException {
        var filter = new AclBindingFilter(new ResourcePatternFilter(ResourceType.TOPIC, null, PatternType.ANY),
                AccessControlEntryFilter.ANY);
        return admin.describeAcls(filter).values().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                .filter(acl -> acl.pattern().name().startsWith(topics.prefix())).toList();
    }

    private void sql(String statement) throws SQLException {
        var pg = endpoints.postgres();
        try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                var executed = connection.createStatement()) {
            executed.execute(statement);
        }
    }

    @Override
    public void close() throws Exception {
        try (admin; sqs) {
            removeLeftovers();
            admin.deleteTopics(topics.all()).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            sql("DROP DATABASE IF EXISTS " + database.database() + " WITH (FORCE)");
        }
    }
}
