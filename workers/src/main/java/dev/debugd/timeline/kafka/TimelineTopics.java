package dev.debugd.timeline.kafka;

import dev.debugd.config.ResourceName;
import dev.debugd.timeline.Topic;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The names of the three shared topics under one prefix ("debugging." for the product; tests use their own), and of
 * each tenant's outputs topic, {@code <prefix>outputs.<tenant>}, which only that tenant's workloads write and only the
 * dispatcher's admission reads (ARCHITECTURE §1, §3).
 */
public record TimelineTopics(String prefix) {

    private static final String OUTPUTS = "outputs.";

    public TimelineTopics {
        if (prefix == null || !prefix.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("topic prefix '" + prefix + "' may only use letters, digits, '.', '_' and '-'");
        }
    }

    public String name(Topic topic) {
        return topic.nameWith(prefix);
    }

    /** The shared topics. */
    public List<String> all() {
        return Arrays.stream(Topic.values()).map(this::name).toList();
    }

    /** What every tenant's outputs topic starts with (a prefixed ACL covers them all). */
    public String outputsPrefix() {
        return prefix + OUTPUTS;
    }

    /** The tenant's outputs topic. */
    public String outputs(String tenant) {
        if (!ResourceName.isValid(tenant)) {
            throw new IllegalArgumentException("'" + tenant + "' is not a tenant id");
        }
        return prefix + OUTPUTS + tenant;
    }

    /** Whose outputs topic this is, or empty for any other topic. */
    public Optional<String> outputsTenant(String topic) {
        if (!topic.startsWith(prefix + OUTPUTS)) {
            return Optional.empty();
        }
        var tenant = topic.substring(prefix.length() + OUTPUTS.length());
        return ResourceName.isValid(tenant) ? Optional.of(tenant) : Optional.empty();
    }
}
