package dev.debugd.cli;

import dev.debugd.timeline.Topic;
import dev.debugd.timeline.kafka.TimelineTopics;
import picocli.CommandLine.Option;

/** The timeline's topics, the same option for every command that reads or writes them: all must run with the same. */
final class TopicOptions {

    @Option(names = "--topic-prefix", defaultValue = Topic.DEFAULT_PREFIX, description = "Prefix of the topics (default ${DEFAULT-VALUE}).")
    String prefix;

    TimelineTopics topics() {
        return new TimelineTopics(prefix);
    }
}
