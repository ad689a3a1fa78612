package dev.debugd.bench.rca;

import dev.debugd.timeline.Payload.RankedHypothesis;
import dev.debugd.timeline.RootCauseCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The RCA harness's figures (issue 19): {@code top1}, the share of scenarios whose first hypothesis has the expected
 * category; {@code top3}, within the first three; {@code mention}, right first and naming one of the expected words
 * (case-insensitive; none expected, the category is enough); {@code confRight} / {@code confWrong}, the mean confidence
 * of right / wrong first hypotheses (0 when there is none); {@code unknownOk}, the share of {@code unknown} scenarios
 * answered {@code unknown} or below the tenant's threshold (1 when there is none). A scenario with no answer counts as
 * wrong, with no confidence. Pure.
 */
public record RcaScore(int scenarios, double top1, double top3, double mention, double confRight, double confWrong,
        double unknownOk, List<CategoryRow> categories) {

    /** A scenario's answer: its ranked hypotheses, best first, empty when none came. */
    public record Answer(RcaScenario scenario, List<RankedHypothesis> ranked) {
        public Answer {
            ranked = List.copyOf(ranked);
        }

        public boolean right() {
            return !ranked.isEmpty() && ranked.get(0).category() == scenario.expect().category();
        }

        public boolean withinThree() {
            return ranked.stream().limit(3).anyMatch(h -> h.category() == scenario.expect().category());
        }

        public boolean mentions() {
            if (!right()) {
                return false;
            }
            var statement = ranked.get(0).statement().toLowerCase(Locale.ROOT);
            var expected = scenario.expect().mentionsAny();
            return expected.isEmpty() || expected.stream().anyMatch(m -> statement.contains(m.toLowerCase(Locale.ROOT)));
        }
    }

    /** The scenarios of one expected category: how many, right first, and within three. */
    public record CategoryRow(RootCauseCategory category, int scenarios, int top1, int top3) {}

    public static RcaScore of(List<Answer> answers, double threshold) {
        if (answers.isEmpty()) {
            throw new IllegalArgumentException("no scenario to score");
        }
        int top1 = 0;
        int top3 = 0;
        int mention = 0;
        var right = new ArrayList<Double>();
        var wrong = new ArrayList<Double>();
        int unknowns = 0;
        int unknownOk = 0;
        Map<RootCauseCategory, int[]> byCategory = new TreeMap<>();
        for (var answer : answers) {
            var row = byCategory.computeIfAbsent(answer.scenario().expect().category(), c -> new int[3]);
            row[0]++;
            if (answer.right()) {
                top1++;
                row[1]++;
            }
            if (answer.withinThree()) {
                top3++;
                row[2]++;
            }
            mention += answer.mentions() ? 1 : 0;
            if (!answer.ranked().isEmpty()) {
                (answer.right() ? right : wrong).add(answer.ranked().get(0).confidence());
            }
            if (answer.scenario().expect().category() == RootCauseCategory.UNKNOWN) {
                unknowns++;
                if (!answer.ranked().isEmpty() && (answer.ranked().get(0).category() == RootCauseCategory.UNKNOWN
                        || answer.ranked().get(0).confidence() < threshold)) {
                    unknownOk++;
                }
            }
        }
        double n = answers.size();
        var categories = byCategory.entrySet().stream()
                .map(e -> new CategoryRow(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList();
        return new RcaScore(answers.size(), top1 / n, top3 / n, mention / n, mean(right), mean(wrong),
                unknowns == 0 ? 1 : (double) unknownOk / unknowns, categories);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
