package dev.debugd.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    @Test
    void resultLineListsPlainNumbersInOrder() {
        var results = new LinkedHashMap<String, Double>();
        results.put("lines_per_s", 1234567.0);
        results.put("mean_ga", 0.87654);
        results.put("tiny", 0.0000001);
        var report = new BenchReport(List.of("a"), List.of(List.of("1")), results);
        assertThat(report.resultLine()).isEqualTo("RESULT lines_per_s=1234567 mean_ga=0.877 tiny=0");
    }

    @Test
    void plainNeverUsesExponentOrSeparators() {
        assertThat(BenchReport.plain(1.5e12)).isEqualTo("1500000000000");
        assertThat(BenchReport.plain(-2.25)).isEqualTo("-2.25");
        assertThat(BenchReport.plain(-0.0001)).isEqualTo("0");
    }

    @Test
    void markdownTableHasHeaderSeparatorAndRows() {
        var report = new BenchReport(List.of("run", "records/s"),
                List.of(List.of("durable", "10"), List.of("ceiling", "20")), Map.of("x", 1.0));
        assertThat(report.markdown()).isEqualTo("""
                | run | records/s |
                |---|---|
                | durable | 10 |
                | ceiling | 20 |
                """);
    }

    @Test
    void rejectsMalformedReports() {
        assertThatThrownBy(() -> new BenchReport(List.of("a", "b"), List.of(List.of("1")), Map.of("x", 1.0)))
                .hasMessageContaining("has 1 cells, the header 2");
        assertThatThrownBy(() -> new BenchReport(List.of("a"), List.of(), Map.of("Bad Name", 1.0)))
                .hasMessageContaining("Bad Name");
        assertThatThrownBy(() -> new BenchReport(List.of("a"), List.of(), Map.of("x", Double.NaN)))
                .hasMessageContaining("not a finite number");
        assertThatThrownBy(() -> new BenchReport(List.of("a"), List.of(), Map.of()))
                .hasMessageContaining("at least one result");
    }
}
