package dev.debugd.bench;

import dev.debugd.signature.ErrorSignature;
import dev.debugd.signature.MessageTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Grouping accuracy of the message signature on the Loghub 2k samples (each structured CSV's Content, grouped
 * by its ground-truth EventId), per system, with the held-out systems apart; then the signature's speed on one
 * thread over millions of distinct lines.
 */
@Command(name = "grouping", mixinStandardHelpOptions = true,
        description = "Grouping accuracy of message signatures on Loghub 2k, and their speed on one thread.")
public final class GroupingBenchmark implements Callable<Integer> {

    /** Tuned on these; the others are held out and only reported. */
    static final List<String> TUNED = List.of("HDFS", "Hadoop", "Spark", "Zookeeper", "BGL", "HPC", "Thunderbird", "Windows");
    static final List<String> HELD_OUT = List.of("Linux", "Mac", "Android", "HealthApp", "Apache", "OpenSSH", "OpenStack", "Proxifier");

    @Option(names = "--data", defaultValue = "../shared/data/loghub-2k", description = "The Loghub 2k folder (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--speed-lines", defaultValue = "5000000", description = "Distinct lines signed for the speed figure (default ${DEFAULT-VALUE}).")
    long speedLines;

    @Option(names = "--show", description = "Print the wrongly grouped lines of this system.")
    String show;

    record Line(String content, String event) {}

    @Override
    public Integer call() throws Exception {
        var rows = new ArrayList<List<String>>();
        double tunedSum = 0;
        double heldSum = 0;
        var all = new ArrayList<Line>();
        for (var system : concat(TUNED, HELD_OUT)) {
            var lines = read(system);
            all.addAll(lines);
            var grouping = grouping(lines, system.equals(show));
            double ga = grouping.accuracy();
            if (TUNED.contains(system)) {
                tunedSum += ga;
            } else {
                heldSum += ga;
            }
            rows.add(List.of(system, TUNED.contains(system) ? "tuned" : "held out", String.valueOf(lines.size()),
                    String.valueOf(grouping.templates()), String.valueOf(grouping.signatures()), BenchReport.plain(ga),
                    String.valueOf(grouping.splitLines()), String.valueOf(grouping.mergedLines())));
        }
        double mean = (tunedSum + heldSum) / (TUNED.size() + HELD_OUT.size());
        double heldMean = heldSum / HELD_OUT.size();
        double speed = speed(all);
        var results = new java.util.LinkedHashMap<String, Double>();
        results.put("mean_ga", mean);
        results.put("heldout_mean_ga", heldMean);
        results.put("lines_per_s", speed);
        rows.add(List.of("mean", "all 16", "", "", "", BenchReport.plain(mean), "", ""));
        rows.add(List.of("mean", "held out 8", "", "", "", BenchReport.plain(heldMean), "", ""));
        var report = new BenchReport(List.of("system", "set", "lines", "templates", "signatures", "grouping accuracy",
                "wrong: split", "wrong: merged"), rows, results);
        System.out.print(report.markdown());
        System.out.println(report.resultLine());
        return 0;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private List<Line> read(String system) throws Exception {
        var file = data.resolve(system).resolve(system + "_2k.log_structured.csv");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + file + " (--data names the loghub-2k folder)");
        }
        var mapper = new CsvMapper();
        var lines = new ArrayList<Line>();
        try (var it = mapper.readerFor(Map.class).with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            while (it.hasNextValue()) {
                @SuppressWarnings("unchecked")
                var row = (Map<String, String>) it.nextValue();
                lines.add(new Line(row.get("Content"), row.get("EventId")));
            }
        }
        return lines;
    }

    /**
     * How one system's lines group: the accuracy (the share of lines whose signature's group is exactly their
     * ground-truth group), and how the other lines fail: <b>split</b> (their group holds only their template, but
     * not all of it: a variable part was kept, so the template has several signatures) or <b>merged</b> (their group
     * holds other templates too: a constant part was masked).
     */
    record Grouping(double accuracy, int templates, int signatures, int splitLines, int mergedLines) {}

    static Grouping grouping(List<Line> lines, boolean show) {
        var bySignature = new HashMap<String, List<Line>>();
        var eventSize = new HashMap<String, Integer>();
        for (var line : lines) {
            bySignature.computeIfAbsent(ErrorSignature.ofMessage(line.content()), k -> new ArrayList<>()).add(line);
            eventSize.merge(line.event(), 1, Integer::sum);
        }
        int correct = 0;
        int split = 0;
        int merged = 0;
        for (var entry : bySignature.entrySet()) {
            var group = entry.getValue();
            var event = group.get(0).event();
            boolean pure = group.stream().allMatch(l -> l.event().equals(event));
            if (pure && eventSize.get(event) == group.size()) {
                correct += group.size();
                continue;
            }
            if (pure) {
                split += group.size();
            } else {
                merged += group.size();
            }
            if (show) {
                System.err.println("WRONG " + MessageTemplate.of(group.get(0).content()) + "  <- " + group.size() + " lines, events "
                        + group.stream().map(Line::event).distinct().limit(5).toList() + ", e.g. " + group.get(0).content());
            }
        }
        return new Grouping((double) correct / lines.size(), eventSize.size(), bySignature.size(), split, merged);
    }

    /** Lines per second on one thread, every line distinct (its numbers changed each round), after a warm-up. */
    private double speed(List<Line> lines) {
        long sink = 0;
        for (int round = 0; round < 3; round++) {
            for (var line : lines) {
                sink += ErrorSignature.ofMessage(vary(line.content(), round)).length();
            }
        }
        long done = 0;
        long start = System.nanoTime();
        for (int round = 3; done < speedLines; round++) {
            for (var line : lines) {
                sink += ErrorSignature.ofMessage(vary(line.content(), round)).length();
                done++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (sink == 42) {
            System.err.println("(never)");
        }
        return done / seconds;
    }

    /** The line with the round number in front: no two rounds give the same text. */
    private static String vary(String content, int round) {
        return round + " " + content;
    }
}
