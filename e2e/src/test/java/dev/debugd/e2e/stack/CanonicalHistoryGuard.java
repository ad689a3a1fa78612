package dev.debugd.e2e.stack;

import dev.debugd.config.Endpoints;
import dev.debugd.timeline.Topic;
import dev.debugd.timeline.kafka.TimelineTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Keeps the suite out of the product's history: notes where the canonical topics end when the run starts, and checks
 * every record written into them since for an id that the suite made ({@link SuiteIds}). Such a record fails the run
 * (in {@code TheSuiteStayedOutOfTheProductsHistoryTest}, which runs last); records of other processes on the
 * machine-wide stack, such as a developer's demo, are reported and not failed.
 */
public final class CanonicalHistoryGuard implements LauncherSessionListener {

    /** The product's own topics. */
    public static final TimelineTopics CANONICAL = new TimelineTopics(Topic.DEFAULT_PREFIX);

    private static volatile Map<TopicPartition, Long> runStart;
    private static volatile String notNoted = "the guard was not loaded as a launcher session listener";

    /** A record that carries an id the suite made. */
    public record Finding(String topic, int partition, long offset, String key) {}

    /** What was written since a point: the suite's records, and other processes' by tenant. */
    public record Report(List<Finding> suiteRecords, Map<String, Integer> otherTenants) {

        /** Fails when the suite wrote into the topics, naming each record. */
        public void assertClean() {
            if (!suiteRecords.isEmpty()) {
                throw new AssertionError(suiteRecords.size() + " record(s) written by this run of the suite into the product's"
                        + " history; each test must use a topic prefix of its own (TestTopics): " + suiteRecords);
            }
        }

        public String summary() {
            if (otherTenants.isEmpty()) {
                return "nothing else was written into the product's topics during the run";
            }
            return otherTenants.values().stream().mapToInt(Integer::intValue).sum() + " record(s) of other processes were written"
                    + " into the product's topics during the run, not the suite's: " + otherTenants.entrySet().stream()
                    .map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", "));
        }
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (runStart != null) {
            return;
        }
        try {
            var endpoints = LocalStack.requireKafka();
            runStart = ends(endpoints.kafka(), CANONICAL);
        } catch (Throwable e) { // the stack is not up: the last test says so, with the command that starts it
            notNoted = e.getMessage();
        }
    }

    /** Where the canonical topics ended when the run started. */
    public static Map<TopicPartition, Long> runStart() {
        if (runStart == null) {
            throw new AssertionError("where the product's topics ended at the start of the run was not noted: " + notNoted);
        }
        return runStart;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Endpoints.Kafka kafka) {
        var props = kafka.clientProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Where each partition of these topics ends now. */
    public static Map<TopicPartition, Long> ends(Endpoints.Kafka kafka, TimelineTopics topics) {
        try (var consumer = consumer(kafka)) {
            var partitions = new ArrayList<TopicPartition>();
            for (var topic : topics.all()) {
                consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }

    /** Reads every record written since {@code since} and sorts it: the suite's (carrying one of {@code ids}) or not. */
    public static Report check(Endpoints.Kafka kafka, Map<TopicPartition, Long> since, Set<String> ids) {
        var suite = new ArrayList<Finding>();
        var others = new TreeMap<String, Integer>();
        try (var consumer = consumer(kafka)) {
            var ends = consumer.endOffsets(since.keySet());
            consumer.assign(since.keySet());
            since.forEach(consumer::seek);
            var position = new HashMap<>(since);
            while (ends.entrySet().stream().anyMatch(e -> position.get(e.getKey()) < e.getValue())) {
                for (var record : consumer.poll(Duration.ofSeconds(1))) {
                    var partition = new TopicPartition(record.topic(), record.partition());
                    position.put(partition, record.offset() + 1);
                    var key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                    var value = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
                    if (ids.stream().anyMatch(id -> key.contains(id) || value.contains(id))) {
                        suite.add(new Finding(record.topic(), record.partition(), record.offset(), key));
                    } else {
                        others.merge(key.contains("/") ? key.substring(0, key.indexOf('/')) : "(no tenant in the key)", 1,
                                Integer::sum);
                    }
                }
            }
        }
        return new Report(suite, others);
    }
}
