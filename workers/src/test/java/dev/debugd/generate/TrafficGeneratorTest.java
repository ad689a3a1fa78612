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

/** The closed loop: a new exception goes on until a deploy that fixes it reaches its service (accounts' fix does not help). */
class TrafficGeneratorTest {

    private static final BucketGrid GRID = new BucketGrid(Duration.ofSeconds(2), Duration.ofSeconds(4));
    private static final Instant START = Instant.parse("2026-05-01T10:00:00Z");
    private static final List<String> RELEASES = List.of("r1aaaaaa", "r2bbbbbb", "r3cccccc", "r4dddddd");
    private static final List<String> FAULTY = List.of("f-checkout", "f-payments", "f-inventory", "f-accounts");

    private static TrafficGenerator generator(int unfixed) {
        return new TrafficGenerator(new TrafficGenerator.Settings(11, 8, 80, true, RELEASES, FAULTY, unfixed), GRID, START);
    }

    /** Per bucket (its offset from the first), a service's new exceptions and the deploy hashes they carry. */
    private static Map<Long, List<String>> novel(List<TrafficGenerator.Delivery> deliveries, String service) {
        var byBucket = new TreeMap<Long, List<String>>();
        for (var delivery : deliveries) {
            for (ExceptionEvent e : delivery.evidence().exceptions()) {
                // The background exception every service has now and then is a ConcurrentModificationException.
                if (e.service().equals(service) && !e.type().equals("java.util.ConcurrentModificationException")) {
                    byBucket.computeIfAbsent(GRID.bucketOf(e.timestamp()) - GRID.bucketOf(START), b -> new ArrayList<>())
                            .add(e.deployHash());
                }
            }
        }
        return byBucket;
    }

    @Test
    void leftAloneEachNewExceptionStartsWithItsFaultyReleaseAndStopsAfterFiveBuckets() {
        var traffic = generator(5).generate();
        var services = List.of("checkout", "payments", "inventory", "accounts");
        for (int k = 0; k < services.size(); k++) {
            var buckets = novel(traffic.deliveries(), services.get(k));
            long from = 25 + 5L * k; // after 25 healthy buckets, five apart
            assertThat(buckets.keySet()).as(services.get(k)).containsExactly(from, from + 1, from + 2, from + 3, from + 4);
            var faulty = FAULTY.get(k);
            assertThat(buckets.values()).allSatisfy(hashes -> assertThat(hashes).containsOnly(faulty));
        }
        assertThat(traffic.faults()).extracting(TrafficGenerator.Fault::service)
                .containsExactly("checkout", "payments", "inventory", "accounts", "reports", "notify", "search");
    }

    @Test
    void theNewExceptionGoesOnUntilAFixIsDeployedToCheckout() {
        var run = generator(1000).start();
        var deliveries = new ArrayList<TrafficGenerator.Delivery>();
        int bucket = 0;
        boolean ended = false;
        while (run.hasNext()) {
            if (bucket == 55) {
                assertThat(run.deploy("search", "f1xed000", true)).as("search has no new exception a deploy ends").isFalse();
                assertThat(run.deploy("accounts", "f1xed000", true)).as("accounts' fix does not help").isFalse();
                ended = run.deploy("checkout", "f1xed000", true);
            }
            run.next().ifPresent(deliveries::add);
            bucket++;
        }
        assertThat(ended).isTrue();
        assertThat(novel(deliveries, "checkout").keySet()).as("from the faulty deploy until the fix's deploy")
                .containsExactlyElementsOf(java.util.stream.LongStream.range(25, 55).boxed().toList());
        assertThat(novel(deliveries, "accounts").keySet()).as("to the end: its fix did not help")
                .containsExactlyElementsOf(java.util.stream.LongStream.range(40, 80).boxed().toList());
        // The rows after the deploy carry the fix's commit as their deploy hash.
        assertThat(deliveries.stream().flatMap(d -> d.evidence().requests().stream())
                .filter(r -> r.service().equals("checkout") && GRID.bucketOf(r.timestamp()) - GRID.bucketOf(START) >= 55))
                .isNotEmpty().allSatisfy(r -> assertThat(r.deployHash()).isEqualTo("f1xed000"));
    }

    @Test
    void aDeployThatDoesNotFixLeavesTheFaultAndTheSameDeploysGiveTheSameTraffic() {
        var first = runWith(50, false);
        assertThat(novel(first, "checkout").keySet()).hasSize(80 - 25);
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
