package dev.debugd.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.projection.IncidentHistory;
import dev.debugd.projection.IncidentProjection;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventType;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import dev.debugd.timeline.TimelineRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the memory keeps of an incident: one entry per resolved cycle, from the incident's facts. */
class MemoryEntriesTest {

    private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

    private final List<TimelineRecord> records = new ArrayList<>();

    private void record(int minute, int cycle, Payload payload, String agent) {
        var type = EventType.of(payload);
        var event = Event.create(T0.plusSeconds(60L * minute), "acme", "inc-1", cycle, payload, new Event.Agent(agent, "1"),
                IdempotencyKey.task("acme", "inc-1", type, EventType.INCIDENT_DETECTED, "v" + minute, cycle), null);
        records.add(new TimelineRecord(event, "debugging.timeline", 0, records.size()));
    }

    private static Payload.RootCauseProposed rca(String hypothesis, RootCauseCategory category, double confidence) {
        return new Payload.RootCauseProposed(hypothesis, category, confidence, List.of(), null);
    }

    private List<MemoryEntry> entries() {
        var history = new IncidentHistory("acme", "inc-1");
        history.addAll(records);
        return MemoryEntries.of(IncidentProjection.view(history));
    }

    @Test
    void eachResolvedCycleIsRememberedWithItsBestHypothesisItsFixAndItsVerdict() {
        record(0, 1, new Payload.IncidentDetected("checkout", "sig-1", 1, "novelty", T0, Map.of(), "detector",
                "New error in checkout: NullPointerException"), "detector");
        assertThat(entries()).as("nothing resolved yet").isEmpty();
        record(2, 1, rca("Coupons.apply dereferences a null code", RootCauseCategory.CODE_DEFECT, 0.7), "rca");
        record(3, 1, rca("A coupon setting is missing", RootCauseCategory.MISSING_CONFIG, 0.4), "rca-slow");
        record(5, 1, new Payload.FixDrafted("Guard the coupon code", "diff", null), "fix");
        record(30, 1, new Payload.EvaluationCompleted(true, Map.of(), "the signature stopped", null, "pass", "signature_gone"),
                "evaluation");
        record(31, 1, new Payload.IncidentResolved("evaluation_passed", null), "resolver");
        // It came back: a person reopened it, the next cycle found more, and a person closed it.
        record(90, 2, new Payload.InvestigationReopened("it is back", null), "person:ana");
        record(92, 2, rca("Coupons.apply also fails on an empty code", RootCauseCategory.CODE_DEFECT, 0.8), "rca");
        record(95, 2, new Payload.IncidentResolved("human", null), "person:ana");

        var entries = entries();
        assertThat(entries).hasSize(2);
        var first = entries.get(0);
        assertThat(first).isEqualTo(new MemoryEntry("acme", "inc-1", 1, "checkout", "sig-1", "New error in checkout: NullPointerException",
                T0, T0.plusSeconds(31 * 60), MemoryEntry.EVALUATION_PASSED, "code_defect", "Coupons.apply dereferences a null code",
                0.7, "Guard the coupon code", "pass", "the signature stopped"));
        assertThat(first.text()).isEqualTo("""
                service checkout
                signature sig-1
                New error in checkout: NullPointerException
                root cause (code_defect): Coupons.apply dereferences a null code
                fix: Guard the coupon code
                outcome: resolved, evaluation passed; evaluation pass: the signature stopped""");
        var second = entries.get(1);
        assertThat(List.of(second.cycle(), second.resolution(), second.hypothesis(), second.fix(), second.verdict()))
                .containsExactly(2, MemoryEntry.A_PERSON, "Coupons.apply also fails on an empty code", "", "");
        assertThat(second.resolvedAt()).isEqualTo(T0.plusSeconds(95 * 60));
        assertThat(second.detectedAt()).as("when the incident was first detected").isEqualTo(T0);
        assertThat(second.text()).endsWith("root cause (code_defect): Coupons.apply also fails on an empty code\n"
                + "outcome: resolved, a person");
    }

    @Test
    void aSuppressedIncidentIsNotRemembered() {
        record(0, 1, new Payload.IncidentDetected("search", "sig-2", 1, "novelty", T0, Map.of(), "detector", "New error in search"),
                "detector");
        record(1, 1, new Payload.IncidentSuppressed("benign", "deploy-window", "suppression_rule"), "context-builder");
        assertThat(entries()).isEmpty();
    }
}
