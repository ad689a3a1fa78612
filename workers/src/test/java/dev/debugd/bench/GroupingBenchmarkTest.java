package dev.debugd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.bench.GroupingBenchmark.Line;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grouping figures: accuracy, and how the wrong lines fail. */
class GroupingBenchmarkTest {

    @Test
    void linesAreRightSplitOrMerged() {
        var lines = List.of(
                new Line("Received block blk_1 of size 67108864", "E1"), // the same template: right
                new Line("Received block blk_2 of size 1024", "E1"),
                new Line("Session opened for user alice", "E2"), // a variable word is kept: split
                new Line("Session opened for user bob", "E2"),
                new Line("Took 12 ms", "E3"), // two templates whose difference is masked: merged
                new Line("Took 12 s", "E4"));
        var grouping = GroupingBenchmark.grouping(lines, false);
        assertThat(grouping.accuracy()).isEqualTo(2 / 6.0);
        assertThat(grouping.templates()).isEqualTo(4);
        assertThat(grouping.signatures()).isEqualTo(4);
        assertThat(grouping.splitLines()).isEqualTo(2);
        assertThat(grouping.mergedLines()).isEqualTo(2);
    }
}
