package dev.debugd.e2e.stack;

import dev.debugd.config.Endpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** Topics a test class makes through one admin client, each named for the test, all deleted when it is closed. */
public final class ScratchTopics implements AutoCloseable {

    private final Admin admin;
    private final List<String> made = new ArrayList<>();

    public ScratchTopics(Endpoints.Kafka kafka) {
        this.admin = Admin.create(kafka.clientProperties());
    }

    public Admin admin() {
        return admin;
    }

    public String create(String purpose, int partitions) throws Exception {
        var topic = LocalStack.uniqueName(purpose);
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        made.add(topic);
        return topic;
    }

    @Override
    public void close() throws Exception {
        try {
            admin.deleteTopics(made).all().get(30, TimeUnit.SECONDS);
        } finally {
            admin.close();
        }
    }
}
