package dev.debugd.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TraceLinksTest {

    @Test
    void takesAnHttpUrlWithThePlaceForTheTraceId() {
        assertThat(new TraceLinks("https://langfuse.example.org/project/p1/traces/{trace_id}").template())
                .isEqualTo("https://langfuse.example.org/project/p1/traces/{trace_id}");
    }

    @Test
    void refusesATemplateWithoutThePlaceOrNotAnHttpUrl() {
        assertThatThrownBy(() -> new TraceLinks("https://langfuse.example.org/traces/"))
                .hasMessage("the trace URL must contain {trace_id}, where a run's trace id goes: https://langfuse.example.org/traces/");
        assertThatThrownBy(() -> new TraceLinks("ftp://langfuse.example.org/{trace_id}"))
                .hasMessage("the trace URL must be an http(s) URL with a host: ftp://langfuse.example.org/{trace_id}");
        assertThatThrownBy(() -> new TraceLinks("https://exa mple/{trace_id}")).hasMessageStartingWith("the trace URL is not a URL: ");
    }
}
