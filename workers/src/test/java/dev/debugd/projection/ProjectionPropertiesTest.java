package dev.debugd.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.debugd.timeline.TimelineRecord;
import dev.debugd.timeline.Topic;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The projection is order-free: whatever order the three topics interleave in, and whatever is delivered
 * again, the view is the same. Histories and deliveries come from seeds, so a failure names the seeds that
 * reproduce it.
 */
class ProjectionPropertiesTest {

    private static final int EXAMPLES = 400;

    private static IncidentView project(List<TimelineRecord> records) {
        var history = new IncidentHistory(GeneratedHistory.TENANT, GeneratedHistory.INCIDENT);
        history.addAll(records);
        return IncidentProjection.view(history);
    }

    /** How a consumer sees the topics: each partition in order, the partitions interleaved at random. */
    private static List<TimelineRecord> interleave(GeneratedHistory history, Random random) {
        var cursors = new EnumMap<Topic, Integer>(Topic.class);
        history.topics().keySet().forEach(t -> cursors.put(t, 0));
        var out = new ArrayList<TimelineRecord>();
        while (!cursors.isEmpty()) {
            var open = new ArrayList<>(cursors.keySet());
            var topic = open.get(random.nextInt(open.size()));
            int at = cursors.get(topic);
            out.add(history.topics().get(topic).get(at));
            if (at + 1 == history.topics().get(topic).size()) {
                cursors.remove(topic);
            } else {
                cursors.put(topic, at + 1);
            }
        }
        return out;
    }

    /** At-least-once delivery: a consumer that restarts from an older offset reads a run of records again. */
    private static List<TimelineRecord> redeliver(List<TimelineRecord> delivered, Random random) {
        var out = new ArrayList<>(delivered);
        int restarts = random.nextInt(4);
        for (int i = 0; i < restarts && !delivered.isEmpty(); i++) {
            int from = random.nextInt(delivered.size());
            int to = from + random.nextInt(delivered.size() - from);
            out.addAll(random.nextInt(out.size() + 1), delivered.subList(from, to + 1));
        }
        return out;
    }

    @Test
    void everyInterleavingOfTheTopicsGivesTheSameView() {
        qt().withExamples(EXAMPLES).forAll(longs().all(), longs().all()).checkAssert((historySeed, orderSeed) -> {
            var history = GeneratedHistory.generate(new Random(historySeed));
            var expected = project(history.canonical());
            assertThat(project(interleave(history, new Random(orderSeed)))).isEqualTo(expected);
        });
    }

    @Test
    void reDeliveryChangesNothing() {
        qt().withExamples(EXAMPLES).forAll(longs().all(), longs().all()).checkAssert((historySeed, orderSeed) -> {
            var history = GeneratedHistory.generate(new Random(historySeed));
            var random = new Random(orderSeed);
            var expected = project(history.canonical());
            assertThat(project(redeliver(interleave(history, random), random))).isEqualTo(expected);
        });
    }

    @Test
    void anyOrderAtAllGivesTheSameViewBecauseNothingDependsOnArrival() {
        // Stronger than Kafka needs: even partitions read out of order (the winner rule uses offsets, not arrival).
        qt().withExamples(EXAMPLES).forAll(longs().all(), longs().all()).checkAssert((historySeed, orderSeed) -> {
            var history = GeneratedHistory.generate(new Random(historySeed));
            var shuffled = new ArrayList<>(history.canonical());
            Collections.shuffle(shuffled, new Random(orderSeed));
            assertThat(project(shuffled)).isEqualTo(project(history.canonical()));
        });
    }

    @Test
    void ofTwoRecordsWithOneEventIdTheLowerOffsetWins() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(historySeed -> {
            var history = GeneratedHistory.generate(new Random(historySeed));
            var lowest = new HashMap<UUID, TimelineRecord>();
            for (var record : history.canonical()) {
                lowest.merge(record.event().eventId(), record, (a, b) -> a.offset() <= b.offset() ? a : b);
            }
            // The history without the losing records projects to the same view.
            assertThat(project(history.canonical())).isEqualTo(project(List.copyOf(lowest.values())));
        });
    }

    @Test
    void theGeneratorCoversWhatThePropertiesAreAbout() {
        // Guard against a generator that never produces the hard cases, which would make the properties vacuous.
        int severalCycles = 0, suppressed = 0, duplicatedIds = 0, appliedBeforeProposedInOffsets = 0;
        for (long seed = 0; seed < 300; seed++) {
            var history = GeneratedHistory.generate(new Random(seed));
            var view = project(history.canonical());
            severalCycles += view.cycle() > 1 ? 1 : 0;
            suppressed += view.cycles().stream().anyMatch(c -> c.status() == IncidentStatus.SUPPRESSED) ? 1 : 0;
            var ids = history.canonical().stream().map(r -> r.event().eventId()).toList();
            duplicatedIds += ids.size() > ids.stream().distinct().count() ? 1 : 0;
            var timeline = history.topics().getOrDefault(Topic.TIMELINE, List.of());
            var types = timeline.stream().map(r -> r.event().eventType()).toList();
            int applied = types.indexOf("FixApplied");
            int proposed = types.indexOf("FixProposed");
            appliedBeforeProposedInOffsets += applied >= 0 && proposed > applied ? 1 : 0;
        }
        assertThat(severalCycles).isGreaterThan(100);
        assertThat(suppressed).isGreaterThan(30);
        assertThat(duplicatedIds).isGreaterThan(100);
        assertThat(appliedBeforeProposedInOffsets).isGreaterThan(20);
    }
}
