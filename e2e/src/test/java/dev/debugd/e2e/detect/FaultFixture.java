package dev.debugd.e2e.detect;

import dev.debugd.detect.rules.Detection;
import dev.debugd.evidence.BucketGrid;
import dev.debugd.evidence.Evidence;
import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.LogLine;
import dev.debugd.evidence.RequestRecord;
import dev.debugd.signature.ErrorSignature;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The checked-in, hand-written fault fixture (fixtures/detector/faults.yaml) as evidence and expected incidents. */
final class FaultFixture {

    private final JsonNode fixture;

    private FaultFixture(JsonNode fixture) {
        this.fixture = fixture;
    }

    static FaultFixture load() throws Exception {
        try (InputStream in = FaultFixture.class.getResourceAsStream("/fixtures/detector/faults.yaml")) {
            return new FaultFixture(new YAMLMapper().readTree(in));
        }
    }

    int buckets() {
        return fixture.get("buckets").asInt();
    }

    Instant start() {
        return Instant.parse(fixture.get("start").asString());
    }

    /** The listed incidents as "rule service @bucket signature", buckets counted on the grid. */
    Set<String> expected(BucketGrid grid) {
        long first = grid.bucketOf(start());
        var expected = new TreeSet<String>();
        for (var incident : fixture.get("expected")) {
            expected.add(incident.get("rule").asString() + " " + incident.get("service").asString() + " @"
                    + (first + incident.get("bucket").asLong()) + " " + signatureOf(incident.get("signature_of")));
        }
        return expected;
    }

    static String describe(Detection detection) {
        return detection.rule() + " " + detection.service() + " @" + detection.bucket() + " " + detection.signature();
    }

    /** The evidence of the fixture's bucket {@code b}, rows spread over its seconds. */
    Evidence bucket(int b, BucketGrid grid) {
        var bucketStart = grid.start(grid.bucketOf(start()) + b);
        int width = (int) grid.widthSeconds();
        int buckets = buckets();
        var logs = new ArrayList<LogLine>();
        var exceptions = new ArrayList<ExceptionEvent>();
        var requests = new ArrayList<RequestRecord>();
        for (var series : fixture.get("series")) {
            var service = series.get("service").asString();
            int index = b - (series.has("from") ? series.get("from").asInt() : 0);
            if (index < 0) {
                continue;
            }
            var deploy = deployAt(series, b);
            switch (series.get("kind").asString()) {
                case "log" -> {
                    for (int i = 0; i < count(series.get("counts").asString(), index, buckets); i++) {
                        logs.add(new LogLine(bucketStart.plusSeconds(i % width), service, "ERROR", series.get("message").asString(),
                                "", deploy, "", "", "stderr"));
                    }
                }
                case "exception" -> {
                    for (int i = 0; i < count(series.get("counts").asString(), index, buckets); i++) {
                        exceptions.add(new ExceptionEvent(bucketStart.plusSeconds(i % width), service, "", deploy, "", "",
                                series.get("type").asString(), "", frames(series.get("frames")), List.of()));
                    }
                }
                case "request" -> {
                    long total = count(series.get("total").asString(), index, buckets);
                    long failed = count(series.get("failed").asString(), index, buckets);
                    for (int i = 0; i < total; i++) {
                        requests.add(new RequestRecord(bucketStart.plusSeconds(i % width), service, "/", i < failed ? 503 : 200, 20,
                                deploy, "", ""));
                    }
                }
                default -> throw new IllegalArgumentException("unknown series kind " + series.get("kind"));
            }
        }
        return new Evidence(logs, exceptions, requests);
    }

    /** A count per bucket from a fixture string: one number means every bucket. */
    private static long count(String counts, int index, int buckets) {
        var numbers = counts.trim().split("\\s+");
        if (numbers.length == 1) {
            return Long.parseLong(numbers[0]);
        }
        return index < numbers.length ? Long.parseLong(numbers[index]) : 0;
    }

    private static String deployAt(JsonNode series, int bucket) {
        var deploys = new TreeMap<Integer, String>();
        series.get("deploys").properties().forEach(e -> deploys.put(Integer.parseInt(e.getKey()), e.getValue().asString()));
        var entry = deploys.floorEntry(bucket);
        return entry == null ? "" : entry.getValue();
    }

    private static List<ExceptionEvent.Frame> frames(JsonNode frames) {
        var list = new ArrayList<ExceptionEvent.Frame>();
        for (var frame : frames) {
            var text = frame.asString();
            int dot = text.lastIndexOf('.');
            list.add(new ExceptionEvent.Frame(text.substring(0, dot), text.substring(dot + 1), "", 0, true));
        }
        return list;
    }

    private static String signatureOf(JsonNode sample) {
        if (sample == null) {
            return "";
        }
        var at = Instant.EPOCH;
        if (sample.get("kind").asString().equals("log")) {
            return ErrorSignature.of(new LogLine(at, "s", "ERROR", sample.get("message").asString(), "", "", "", "", ""));
        }
        return ErrorSignature.of(new ExceptionEvent(at, "s", "", "", "", "", sample.get("type").asString(), "",
                frames(sample.get("frames")), List.of()));
    }
}
