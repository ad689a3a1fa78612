package dev.debugd.timeline.kafka;

import dev.debugd.timeline.Topic;
import java.util.Arrays;
import java.util.List;

/** The names of the three topics under one prefix ("debugging." for the product; tests use their own). */
public record TimelineTopics(String prefix) {

    public TimelineTopics {
        if (prefix == null || !prefix.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("topic prefix '" + prefix + "' may only use letters, digits, '.', '_' and '-'");
        }
    }

    public String name(Topic topic) {
        return topic.nameWith(prefix);
    }

    public List<String> all() {
        return Arrays.stream(Topic.values()).map(this::name).toList();
    }
}
