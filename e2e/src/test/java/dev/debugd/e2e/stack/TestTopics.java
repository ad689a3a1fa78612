package dev.debugd.e2e.stack;

import dev.debugd.config.Endpoints;
import dev.debugd.timeline.kafka.TimelineTopics;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The three timeline topics under a prefix of the test's own, configured as the real ones; deleted afterwards with every
 * other topic under the prefix (the outputs topics the test's tenants got).
 */
public final class TestTopics implements AutoCloseable {

    public final TimelineTopics topics;
    private final Admin admin;

    public TestTopics(Endpoints.Kafka kafka, int partitions) throws Exception {
        this.topics = new TimelineTopics("test-" + UUID.randomUUID().toString().substring(0, 8) + ".");
        this.admin = Admin.create(kafka.clientProperties());
        var configs = Map.of("max.message.bytes", String.valueOf(4 * 1024 * 1024));
        admin.createTopics(topics.all().stream()
                .map(name -> new NewTopic(name, partitions, (short) 1).configs(configs)).toList())
                .all().get(30, TimeUnit.SECONDS);
    }

    public List<String> names() {
        return topics.all();
    }

    /** Deletes the three topics and every other topic under the prefix (the tenants' outputs topics). */
    @Override
    public void close() throws Exception {
        try {
            var names = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith(topics.prefix())).toList();
            admin.deleteTopics(names).all().get(30, TimeUnit.SECONDS);
        } finally {
            admin.close();
        }
    }
}
