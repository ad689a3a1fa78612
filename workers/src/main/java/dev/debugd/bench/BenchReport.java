package dev.debugd.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a benchmark prints: a Markdown table of its figures (measured beside a raw ceiling from the same run)
 * and one closing {@code RESULT name=value …} line that scripts read. Values are plain numbers: no
 * thousands separators, no units, no exponent.
 */
public record BenchReport(List<String> header, List<List<String>> rows, Map<String, Double> results) {

    private static final Pattern RESULT_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    public BenchReport {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
        for (var row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("row " + row + " has " + row.size() + " cells, the header " + header.size());
            }
        }
        results = new LinkedHashMap<>(results);
        if (results.isEmpty()) {
            throw new IllegalArgumentException("a benchmark reports at least one result");
        }
        for (var entry : results.entrySet()) {
            if (!RESULT_NAME.matcher(entry.getKey()).matches()) {
                throw new IllegalArgumentException("result name '" + entry.getKey() + "' must match " + RESULT_NAME);
            }
            if (!Double.isFinite(entry.getValue())) {
                throw new IllegalArgumentException("result " + entry.getKey() + " is not a finite number: " + entry.getValue());
            }
        }
    }

    public String markdown() {
        var out = new StringBuilder();
        out.append("| ").append(String.join(" | ", header)).append(" |\n");
        out.append(header.stream().map(h -> "---").collect(Collectors.joining("|", "|", "|"))).append('\n');
        for (var row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    public String resultLine() {
        return results.entrySet().stream()
                .map(e -> e.getKey() + "=" + plain(e.getValue()))
                .collect(Collectors.joining(" ", "RESULT ", ""));
    }

    /** A number as scripts want it: at most three decimals, no exponent, no trailing zeros. */
    public static String plain(double value) {
        var text = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        return "-0".equals(text) ? "0" : text;
    }
}
