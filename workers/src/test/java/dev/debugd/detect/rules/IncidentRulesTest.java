package dev.debugd.detect.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.debugd.detect.rules.Observations.RequestCounts;
import dev.debugd.detect.rules.Observations.Sighting;
import dev.debugd.detect.rules.Observations.SignatureKey;
import dev.debugd.evidence.BucketGrid;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IncidentRulesTest {

    private static final BucketGrid GRID = new BucketGrid(Duration.ofSeconds(10), Duration.ofSeconds(5));
    private static final DetectionSettings SETTINGS = DetectionSettings.DEFAULTS; // N=3, spike 3x ≥10, baseline 10, gap 2
    private static final SignatureKey DECLINED = new SignatureKey("checkout", "sig-declined", 0);

    /** Observations written bucket by bucket. */
    private static final class Builder {
        final Map<SignatureKey, Map<Long, Long>> errors = new HashMap<>();
        final Map<SignatureKey, Sighting> firstSeen = new HashMap<>();
        final Map<String, Map<String, Instant>> deploys = new HashMap<>();
        final Map<String, Map<Long, RequestCounts>> requests = new HashMap<>();
        final Map<Integer, Instant> versionsSeen = new HashMap<>();

        /** The tenant's evidence was first signed with this version at this bucket (absent: long before). */
        Builder versionSeen(int version, long bucket) {
            versionsSeen.put(version, GRID.start(bucket));
            return this;
        }

        Builder errors(SignatureKey key, String deploy, long fromBucket, long... counts) {
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    errors.computeIfAbsent(key, k -> new HashMap<>()).merge(fromBucket + i, counts[i], Long::sum);
                    var at = GRID.start(fromBucket + i);
                    firstSeen.merge(key, new Sighting(at, deploy), (a, b) -> a.at().isBefore(b.at()) ? a : b);
                }
            }
            return this;
        }

        Builder deploy(String service, String deploy, long bucket) {
            deploys.computeIfAbsent(service, s -> new HashMap<>()).put(deploy, GRID.start(bucket));
            return this;
        }

        Builder requests(String service, long fromBucket, long total, long failed, int buckets) {
            for (int i = 0; i < buckets; i++) {
                requests.computeIfAbsent(service, s -> new HashMap<>()).put(fromBucket + i, new RequestCounts(total, failed));
            }
            return this;
        }

        Observations build() {
            return new Observations(errors, firstSeen, deploys, requests, versionsSeen);
        }
    }

    private static List<String> detect(Observations observations, long from, long to) {
        return IncidentRules.detect("acme", bucket -> SETTINGS, GRID, observations, from, to).stream()
                .map(d -> d.rule() + " " + d.service() + " " + d.signature() + " @" + d.bucket()).toList();
    }

    @Test
    void aSignatureFirstSeenInANewDeployIsNovelOnceItOccurredOftenEnough() {
        var observations = new Builder().deploy("checkout", "d1", 0).deploy("checkout", "d2", 100)
                .errors(DECLINED, "d2", 101, 1, 0, 1, 1, 5).build();
        assertThat(detect(observations, 0, 200)).containsExactly("novelty checkout sig-declined @104");
        assertThat(detect(observations, 104, 104)).containsExactly("novelty checkout sig-declined @104");
        assertThat(detect(observations, 105, 200)).isEmpty();
        assertThat(detect(observations, 0, 103)).isEmpty();
    }

    @Test
    void nothingIsNovelInAServicesFirstDeployOrWithoutDeploys() {
        var firstDeploy = new Builder().deploy("checkout", "d1", 0).errors(DECLINED, "d1", 5, 3, 3, 3).build();
        assertThat(detect(firstDeploy, 0, 100)).isEmpty();
        var noDeploy = new Builder().errors(DECLINED, "", 5, 3, 3, 3).build();
        assertThat(detect(noDeploy, 0, 100)).isEmpty();
        // Seen under d1 first, so not new when d2 brings more of it.
        var old = new Builder().deploy("checkout", "d1", 0).deploy("checkout", "d2", 50).errors(DECLINED, "d1", 10, 1)
                .errors(DECLINED, "d2", 60, 4, 4).build();
        assertThat(detect(old, 0, 100)).isEmpty();
    }

    @Test
    void anUpgradeOfTheSignatureFunctionMakesNothingNewButALaterDeployStillCan() {
        var v1 = new SignatureKey("checkout", "sig-declined", 1);
        var v2 = new SignatureKey("checkout", "sig-declined-v2", 2);
        var v2Other = new SignatureKey("api", "sig-timeout-v2", 2);
        var v2New = new SignatureKey("checkout", "sig-brand-new", 2);
        var observations = new Builder().deploy("checkout", "d1", 0).deploy("checkout", "d2", 50).deploy("api", "a1", 0)
                .deploy("checkout", "d3", 80)
                .errors(v1, "d1", 0, 1, 1, 1, 1, 1)
                // from bucket 60 the same errors are signed by version 2, under the deploys running then
                .errors(v2, "d2", 60, 3, 3, 3)
                .errors(v2Other, "a1", 61, 4, 4)
                .errors(v2New, "d3", 82, 2, 2)
                .versionSeen(1, 0).versionSeen(2, 60)
                .build();
        assertThat(detect(observations, 0, 100)).containsExactly("novelty checkout sig-brand-new @83");
    }

    @Test
    void aKnownSignatureSpikesAgainstItsTrailingMeanAsOneEpisode() {
        var observations = new Builder().errors(DECLINED, "d1", 0, 1, 1, 0, 1, 2, 1, 1, 0, 1, 1, 1, 1, 2, 1, 0, 1, 1, 1, 1, 1,
                30, 35, 32, 31, 30, 1, 1, 1).build();
        assertThat(detect(observations, 0, 40)).containsExactly("frequency_spike checkout sig-declined @20");
        assertThat(detect(observations, 21, 40)).as("the episode began before this pass").isEmpty();
    }

    @Test
    void quietErrorsDoNotSpikeAndNewOnesAreLeftToNovelty() {
        var fewer = new Builder().errors(DECLINED, "d1", 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 9).build();
        assertThat(detect(fewer, 0, 40)).as("below the minimum count").isEmpty();
        var brandNew = new Builder().errors(DECLINED, "d1", 20, 40, 40, 40).build();
        assertThat(detect(brandNew, 0, 40)).as("no baseline yet").isEmpty();
    }

    @Test
    void aGapLongerThanTheToleranceStartsASecondEpisode() {
        var counts = new long[60];
        counts[0] = 1;
        for (int b : new int[] {20, 23, 40}) {
            counts[b] = 50;
        }
        var observations = new Builder().errors(DECLINED, "d1", 0, counts).build();
        assertThat(detect(observations, 0, 59)).containsExactly("frequency_spike checkout sig-declined @20",
                "frequency_spike checkout sig-declined @40");
    }

    @Test
    void aServicesFailureShareBreachesAgainstABaselineWithTraffic() {
        var breach = new Builder().requests("api", 0, 100, 1, 30).requests("api", 30, 100, 20, 3).requests("api", 33, 100, 1, 5).build();
        assertThat(detect(breach, 0, 40)).containsExactly("error_rate api  @30");
        var lowTraffic = new Builder().requests("tiny", 0, 3, 0, 30).requests("tiny", 30, 6, 6, 2).build();
        assertThat(detect(lowTraffic, 0, 40)).as("too few requests to judge").isEmpty();
        var chronic = new Builder().requests("legacy", 0, 100, 8, 40).build();
        assertThat(detect(chronic, 0, 40)).as("8% failing all along is its normal").isEmpty();
        var noBaseline = new Builder().requests("fresh", 0, 100, 30, 3).build();
        assertThat(detect(noBaseline, 0, 40)).as("nothing to compare the first buckets with").isEmpty();
    }

    @Test
    void episodeIdsDependOnTheEpisodeOnly() {
        var observations = new Builder().deploy("checkout", "d1", 0).deploy("checkout", "d2", 100)
                .errors(DECLINED, "d2", 101, 3).build();
        var once = IncidentRules.detect("acme", bucket -> SETTINGS, GRID, observations, 0, 200).get(0);
        var again = IncidentRules.detect("acme", bucket -> SETTINGS, GRID, observations, 101, 101).get(0);
        assertThat(again.episodeId()).isEqualTo(once.episodeId()).startsWith("ep-").hasSize(27);
        var otherTenant = IncidentRules.detect("globex", bucket -> SETTINGS, GRID, observations, 0, 200).get(0);
        assertThat(otherTenant.episodeId()).isNotEqualTo(once.episodeId());
    }

    /** Random evidence for one service: requests, three signatures, a deploy part-way, bursts now and then. */
    private static Observations random(long seed) {
        var random = new Random(seed);
        var builder = new Builder().deploy("svc", "d1", 0).deploy("svc", "d2", 20 + random.nextInt(40));
        for (int s = 0; s < 3; s++) {
            var key = new SignatureKey("svc", "sig-" + s, 0);
            var counts = new long[80];
            for (int b = 0; b < counts.length; b++) {
                counts[b] = random.nextInt(10) == 0 ? 10 + random.nextInt(50) : random.nextInt(3);
            }
            builder.errors(key, random.nextBoolean() ? "d1" : "d2", random.nextInt(30), counts);
        }
        for (int b = 0; b < 110; b++) {
            long total = 20 + random.nextInt(100);
            builder.requests("svc", b, total, random.nextInt(8) == 0 ? total / 3 : random.nextInt(3), 1);
        }
        return builder.build();
    }

    @Test
    void eachBucketIsJudgedWithTheSettingsRecordedForItsTime() {
        // From bucket 30 on, the tenant asked for 10 % failing instead of 5 %: the 8 % of buckets 20-22 breach, the 8 %
        // of buckets 40-42 do not.
        var stricter = new DetectionSettings(3, 60, 3.0, 10, 10, 0.10, 20, 5, 2.0, 2);
        IncidentRules.BucketSettings changedAt30 = bucket -> bucket < 30 ? SETTINGS : stricter;
        var observations = new Builder().requests("api", 0, 100, 1, 20).requests("api", 20, 100, 8, 3).requests("api", 23, 100, 1, 17)
                .requests("api", 40, 100, 8, 3).requests("api", 43, 100, 1, 5).build();
        var found = IncidentRules.detect("acme", changedAt30, GRID, observations, 0, 47).stream()
                .map(d -> d.rule() + " @" + d.bucket()).toList();
        assertThat(found).containsExactly("error_rate @20");
        assertThat(IncidentRules.detect("acme", bucket -> SETTINGS, GRID, observations, 0, 47)).extracting(Detection::bucket)
                .containsExactly(20L, 40L);
        assertThat(IncidentRules.detect("acme", bucket -> stricter, GRID, observations, 0, 47)).isEmpty();
    }

    @Test
    void theLookbackCoversEveryJudgedBucketsBaselineAndGap() {
        var wide = new DetectionSettings(3, 60, 3.0, 10, 30, 0.05, 20, 5, 2.0, 6);
        assertThat(IncidentRules.lookback(bucket -> SETTINGS, 100, 110)).isEqualTo(60 + 2 + 1); // horizon + gap + 1
        assertThat(IncidentRules.lookback(bucket -> bucket < 100 ? SETTINGS : wide, 100, 110))
                .as("bucket 100's gap of 6 reaches back to bucket 93, judged with the earlier settings' horizon of 60")
                .isEqualTo(60 + 6 + 1);
        assertThat(IncidentRules.lookback(bucket -> bucket < 105 ? SETTINGS : wide, 100, 110))
                .as("bucket 105's gap of 6 reaches back no further than bucket 100's gap of 2 does").isEqualTo(60 + 2 + 1);
    }

    @Test
    void passesOverAnySplitOfTheBucketsFindWhatOnePassFinds() {
        var rules = new java.util.TreeSet<String>();
        for (long seed = 0; seed < 20; seed++) {
            IncidentRules.detect("acme", bucket -> SETTINGS, GRID, random(seed), 0, 109).forEach(d -> rules.add(d.rule()));
        }
        assertThat(rules).as("the random histories hold every kind of episode").containsExactly("error_rate", "frequency_spike", "novelty");
        qt().withExamples(300).forAll(longs().all(), integers().between(1, 108)).checkAssert((seed, split) -> {
            var observations = random(seed);
            var whole = IncidentRules.detect("acme", bucket -> SETTINGS, GRID, observations, 0, 109);
            var parts = new ArrayList<>(IncidentRules.detect("acme", bucket -> SETTINGS, GRID, observations, 0, split));
            parts.addAll(IncidentRules.detect("acme", bucket -> SETTINGS, GRID, observations, split + 1, 109));
            assertThat(parts).isEqualTo(whole);
        });
        // The same when the settings change part-way: each bucket keeps the settings of its own time.
        var looser = new DetectionSettings(2, 30, 2.0, 5, 5, 0.03, 10, 3, 1.5, 4);
        qt().withExamples(300).forAll(longs().all(), integers().between(1, 108), integers().between(0, 109))
                .checkAssert((seed, split, change) -> {
                    var observations = random(seed);
                    IncidentRules.BucketSettings changing = bucket -> bucket < change ? SETTINGS : looser;
                    var whole = IncidentRules.detect("acme", changing, GRID, observations, 0, 109);
                    var parts = new ArrayList<>(IncidentRules.detect("acme", changing, GRID, observations, 0, split));
                    parts.addAll(IncidentRules.detect("acme", changing, GRID, observations, split + 1, 109));
                    assertThat(parts).isEqualTo(whole);
                });
    }
}
