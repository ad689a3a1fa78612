package dev.debugd.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.debugd.evidence.BucketGrid;
import dev.debugd.evidence.ExceptionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The closed loop: checkout's new exception goes on until a deploy that fixes it reaches checkout. */
class TrafficGeneratorTest {

    private static final BucketGrid GRID = new BucketGrid(Duration.ofSeconds(2), Duration.ofSeconds(4));
    private static final Instant START = Instant.parse("2026-05-01T10:00:00Z");
    private static final List<String> RELEASES = List.of("r1aaaaaa", "r2bbbbbb", "r3cccccc", "r4faulty");
    private static final String NPE = "java.lang.NullPointerException";

    private static TrafficGenerator generator(int unfixed) {
        return new TrafficGenerator(new TrafficGenerator.Settings(11, 6, 80, true, RELEASES, unfixed), GRID, START);
    }

    /** Per bucket (its offset from the first), checkout's new exceptions and the deploy hashes they carry. */
    private static Map<Long, List<String>> novel(List<TrafficGenerator.Delivery> deliveries) {
        var byBucket = new TreeMap<Long, List<String>>();
        for (var delivery : deliveries) {
            for (ExceptionEvent e : delivery.evidence().exceptions()) {
                if (e.service().equals("checkout") && e.type().equals(NPE)) {
                    byBucket.computeIfAbsent(GRID.bucketOf(e.timestamp()) - GRID.bucketOf(START), b -> new ArrayList<>())
                            .add(e.deployHash());
                }
            }
        }
        return byBucket;
    }

    @Test
    void leftAloneTheNewExceptionStopsAfterFiveBucketsAsBefore() {
        var buckets = novel(generator(5).generate().deliveries());
        assertThat(buckets.keySet()).containsExactly(43L, 44L, 45L, 46L, 47L); // 80 - 37 = 43: the faults' first bucket
        assertThat(buckets.values()).allSatisfy(hashes -> assertThat(hashes).containsOnly("r4faulty"));
    }

    @Test
    void theNewExceptionGoesOnUntilAFixIsDeployedToCheckout() {
        var run = generator(1000).start();
        var deliveries = new ArrayList<TrafficGenerator.Delivery>();
        int bucket = 0;
        boolean ended = false;
        while (run.hasNext()) {
            if (bucket == 55) {
                assertThat(run.deploy("payments", "f1xed000", true)).as("payments has no fault a deploy ends").isFalse();
                ended = run.deploy("checkout", "f1xed000", true);
            }
            run.next().ifPresent(deliveries::add);
            bucket++;
        }
        assertThat(ended).isTrue();
        var buckets = novel(deliveries);
        assertThat(buckets.keySet()).as("from the faulty deploy until the fix's deploy").containsExactlyElementsOf(
                java.util.stream.LongStream.range(43, 55).boxed().toList());
        // The rows after the deploy carry the fix's commit as their deploy hash.
        assertThat(deliveries.stream().flatMap(d -> d.evidence().requests().stream())
                .filter(r -> r.service().equals("checkout") && GRID.bucketOf(r.timestamp()) - GRID.bucketOf(START) >= 55))
                .isNotEmpty().allSatisfy(r -> assertThat(r.deployHash()).isEqualTo("f1xed000"));
    }

    @Test
    void aDeployThatDoesNotFixLeavesTheFaultAndTheSameDeploysGiveTheSameTraffic() {
        var first = runWith(50, false);
        assertThat(novel(first).keySet()).hasSize(80 - 43);
        assertThat(runWith(50, false)).isEqualTo(first);
        assertThatThrownBy(() -> generator(5).start().deploy("nowhere", "x", true)).hasMessage("no service nowhere in the traffic");
    }

    private static List<TrafficGenerator.Delivery> runWith(int at, boolean fixes) {
        var run = generator(1000).start();
        var deliveries = new ArrayList<TrafficGenerator.Delivery>();
        for (int bucket = 0; run.hasNext(); bucket++) {
            if (bucket == at) {
                run.deploy("checkout", "n0tafix0", fixes);
            }
            run.next().ifPresent(deliveries::add);
        }
        return deliveries;
    }
}
