package dev.debugd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsDurationsAsPeopleWriteThem() {
        assertThat(Durations.parse("500ms", "--x")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s", "--x")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse(" 5M ", "--x")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h", "--x")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void refusesAnythingElseNamingTheOption() {
        for (var bad : new String[] {"", "5", "s", "5d", "five minutes", "PT5M"}) {
            assertThatThrownBy(() -> Durations.parse(bad, "--lease")).as(bad)
                    .hasMessage("--lease '" + bad + "' is not a duration such as 500ms, 30s, 5m or 1h");
        }
    }
}
