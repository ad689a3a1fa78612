package dev.debugd.timeline.kafka;

import dev.debugd.config.Endpoints;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates and deletes the tenants' outputs topics ({@link TimelineTopics#outputs}): 3 partitions, keyed like the
 * shared topics, records up to 4 MiB (a context), kept a week (what counts is the admitted copy in the shared topics).
 * Idempotent; part of a tenant's provisioning, with its queues.
 */
public final class OutputsTopics implements AutoCloseable {

    public static final int PARTITIONS = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Map<String, String> CONFIGS = Map.of(
            "max.message.bytes", String.valueOf(4 * 1024 * 1024),
            "retention.ms", String.valueOf(Duration.ofDays(7).toMillis()));

    private final Admin admin;
    private final TimelineTopics topics;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public OutputsTopics(Endpoints.Kafka kafka, TimelineTopics topics) {
        this.admin = Admin.create(kafka.clientProperties());
        this.topics = topics;
    }

    /** Creates the tenant's outputs topic when it is missing; its name. */
    public String ensure(String tenant) {
        var name = topics.outputs(tenant);
        if (known.contains(name)) {
            return name;
        }
        // The cluster's default replication factor: one broker here, three in production.
        var topic = new NewTopic(name, Optional.of(PARTITIONS), Optional.empty()).configs(CONFIGS);
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create the outputs topic " + name + ": " + e.getCause().getMessage(),
                        e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not create the outputs topic " + name + " within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + name, e);
        }
        known.add(name);
        return name;
    }

    /** Deletes the tenant's outputs topic (tests, and a tenant removed under the Delete policy); an absent one is fine. */
    public void delete(String tenant) {
        var name = topics.outputs(tenant);
        known.remove(name);
        try {
            admin.deleteTopics(List.of(name)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw new IllegalStateException("could not delete " + name + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not delete " + name + " within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting " + name, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
