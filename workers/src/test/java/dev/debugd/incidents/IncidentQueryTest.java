package dev.debugd.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.projection.IncidentStatus;
import dev.debugd.timeline.RootCauseCategory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IncidentQueryTest {

    @Test
    void readsEveryParameter() {
        var cursor = new IncidentQuery.Cursor(Instant.parse("2026-12-01T10:00:00.123456Z"), "ep-1|with-a-bar");
        var parsed = IncidentQuery.parse(Map.of("status", new String[] {"detected, fix_applied"}, "service", new String[] {"checkout"},
                "rule", new String[] {"novelty"}, "category", new String[] {"code_defect"}, "since", new String[] {"2026-12-01T00:00:00Z"},
                "until", new String[] {"2026-12-02T00:00:00Z"}, "limit", new String[] {"200"}, "cursor", new String[] {cursor.encode()}));
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.query()).isEqualTo(new IncidentQuery(Set.of(IncidentStatus.DETECTED, IncidentStatus.FIX_APPLIED),
                Optional.of("checkout"), Optional.of("novelty"), Optional.of(RootCauseCategory.CODE_DEFECT),
                Optional.of(Instant.parse("2026-12-01T00:00:00Z")), Optional.of(Instant.parse("2026-12-02T00:00:00Z")), 200,
                Optional.of(cursor)));
    }

    @Test
    void defaultsToTheFirstPageOfFiftyUnfiltered() {
        assertThat(IncidentQuery.parse(Map.of()).query()).isEqualTo(new IncidentQuery(Set.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), 50, Optional.empty()));
    }

    @Test
    void namesTheParameterOfEachProblem() {
        var parameters = new LinkedHashMap<String, String[]>();
        parameters.put("limit", new String[] {"201"});
        parameters.put("status", new String[] {"detected,,closed"});
        parameters.put("until", new String[] {"2026-12-02"});
        parameters.put("service", new String[] {" "});
        parameters.put("cursor", new String[] {"MjAyNg"}); // "2026": no bar
        parameters.put("rule", new String[] {"a", "b"});
        var parsed = IncidentQuery.parse(parameters);
        assertThat(parsed.query()).isNull();
        assertThat(parsed.problems()).containsExactlyInAnyOrder(
                "rule: given more than once",
                "status: '' is not one of pending, reopened, detected, context_built, root_cause_proposed, fix_proposed,"
                        + " fix_applied, needs_human, resolved, suppressed",
                "status: 'closed' is not one of pending, reopened, detected, context_built, root_cause_proposed, fix_proposed,"
                        + " fix_applied, needs_human, resolved, suppressed",
                "service: must be 1-200 characters",
                "until: must be an ISO-8601 instant such as 2026-12-06T08:00:00Z, got '2026-12-02'",
                "limit: must be a whole number from 1 to 200, got '201'",
                "cursor: not a cursor this API gave (use next_cursor of the page before)");
    }
}
