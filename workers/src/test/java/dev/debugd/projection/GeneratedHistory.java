package dev.debugd.projection;

import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventType;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import dev.debugd.timeline.Topic;
import dev.debugd.timeline.TimelineRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A random but plausible history of one incident, as Kafka would hold it: several cycles (reopened after failed
 * evaluations), suppression or resolution, late records, and events written twice with different payloads (two
 * runs of one task racing). Each topic's records are in a random order — arrival order in Kafka is not
 * causal — except that records sharing an event id keep their relative order.
 */
record GeneratedHistory(Map<Topic, List<TimelineRecord>> topics) {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final String TENANT = "t1";
    static final String INCIDENT = "inc-7";

    /** The records in the canonical order: each topic's partition in offset order, topic after topic. */
    List<TimelineRecord> canonical() {
        var all = new ArrayList<TimelineRecord>();
        topics.values().forEach(all::addAll);
        return all;
    }

    static GeneratedHistory generate(Random random) {
        var versions = new ArrayList<List<Event>>(); // per event id: the payloads written, in write order
        int cycles = 1 + random.nextInt(3);
        int pr = 1;
        for (int cycle = 1; cycle <= cycles; cycle++) {
            var w = new Writer(random, cycle, versions);
            if (cycle == 1) {
                w.add(EventType.INCIDENT_DETECTED, "detector", "1.0.0", new Payload.IncidentDetected("checkout",
                        "NPE@Cart.total", 1, "novelty", T0, Map.of("occurrences", 40.0 + random.nextInt(5)), "detector", null));
            } else {
                w.add(EventType.INVESTIGATION_REOPENED, "resolver", "1.0.0",
                        new Payload.InvestigationReopened("evaluation failed in cycle " + (cycle - 1), null));
            }
            w.task(EventType.CONTEXT_BUILT, "context-builder", "1.0.0", 0.1);
            if (w.maybe(0.9)) {
                w.add(EventType.CONTEXT_BUILT, "context-builder", "1.0.0", new Payload.ContextBuilt(
                        new dev.debugd.timeline.RawJson("{\"cycle\":" + cycle + "}"), List.of()));
            }
            if (w.maybe(0.2)) {
                w.add(EventType.AGENT_RUN_FAILED, "rca-agent", "0.3.1",
                        new Payload.AgentRunFailed("rca/" + cycle, "model timed out", true));
            }
            if (w.maybe(0.85)) {
                w.add(EventType.ROOT_CAUSE_PROPOSED, "rca-agent", "0.3.1", new Payload.RootCauseProposed(
                        "hypothesis " + random.nextInt(1000), RootCauseCategory.values()[random.nextInt(13)],
                        random.nextInt(101) / 100.0, List.of(), null));
            }
            if (w.maybe(0.3)) { // a suppression rule matched, or a human suppressed it
                w.add(EventType.INCIDENT_SUPPRESSED, "context-builder", "1.0.0",
                        new Payload.IncidentSuppressed("benign", "deploy-window", "suppression_rule"));
            }
            if (w.maybe(0.7)) {
                w.add(EventType.FIX_DRAFTED, "fix-agent", "0.2.0", new Payload.FixDrafted("fix " + random.nextInt(100), "diff", null));
            }
            int number = pr++;
            if (w.maybe(0.7)) {
                w.add(EventType.FIX_PROPOSED, "github", "1.0.0",
                        new Payload.FixProposed("acme/shop", number, "https://git.example/acme/shop/pull/" + number, null));
            }
            var sha = Integer.toHexString(0x100000 + random.nextInt(0xEFFFFF)) + "c0ffee";
            if (w.maybe(0.6)) { // the merge webhook may well arrive before the FixProposed
                w.add(EventType.FIX_APPLIED, "github", "1.0.0", new Payload.FixApplied("acme/shop", number, sha, "octocat"));
            }
            if (w.maybe(0.5)) {
                w.add(EventType.FIX_DEPLOYED, "github", "1.0.0", new Payload.FixDeployed("deploy-" + cycle, sha));
            }
            if (w.maybe(0.5)) {
                w.add(EventType.EVALUATION_DUE, "resolver", "1.0.0",
                        new Payload.EvaluationDue(null, T0.plusSeconds(600), T0.plusSeconds(4200)));
            }
            boolean last = cycle == cycles;
            if (!last || w.maybe(0.6)) {
                w.add(EventType.EVALUATION_COMPLETED, "evaluation-agent", "0.1.0",
                        new Payload.EvaluationCompleted(last, Map.of("after", (double) random.nextInt(10)), "judged", null));
            }
            if (last && w.maybe(0.5)) {
                w.add(EventType.INCIDENT_RESOLVED, "resolver", "1.0.0", new Payload.IncidentResolved("evaluation_passed", null));
            }
            if (w.maybe(0.15)) {
                w.add(EventType.TASK_ABANDONED, "dispatcher", "1.0.0",
                        new Payload.TaskAbandoned("fix/" + cycle, "fix", 5, "dead-lettered"));
            }
        }
        return new GeneratedHistory(layOut(versions, random));
    }

    /** Puts every written event into its topic in a random order that keeps each event id's versions in order. */
    private static Map<Topic, List<TimelineRecord>> layOut(List<List<Event>> versions, Random random) {
        var pending = new EnumMap<Topic, List<List<Event>>>(Topic.class);
        for (var v : versions) {
            var topic = v.get(0).knownType().orElseThrow().topic();
            pending.computeIfAbsent(topic, t -> new ArrayList<>()).add(new ArrayList<>(v));
        }
        var topics = new EnumMap<Topic, List<TimelineRecord>>(Topic.class);
        for (var entry : pending.entrySet()) {
            var queues = entry.getValue();
            var records = new ArrayList<TimelineRecord>();
            long offset = random.nextInt(1000); // the incident's records need not start at offset 0
            while (!queues.isEmpty()) {
                int pick = random.nextInt(queues.size());
                var event = queues.get(pick).remove(0);
                if (queues.get(pick).isEmpty()) {
                    queues.remove(pick);
                }
                offset += 1 + random.nextInt(3); // other incidents' records sit in between
                records.add(new TimelineRecord(event, Topic.DEFAULT_PREFIX + entry.getKey().suffix(), 5, offset));
            }
            topics.put(entry.getKey(), List.copyOf(records));
        }
        return topics;
    }

    /** Writes the events of one cycle; some are written twice with different payloads (a task run twice). */
    private static final class Writer {
        private final Random random;
        private final int cycle;
        private final List<List<Event>> versions;
        private final Map<String, Integer> seconds = new HashMap<>();

        Writer(Random random, int cycle, List<List<Event>> versions) {
            this.random = random;
            this.cycle = cycle;
            this.versions = versions;
        }

        boolean maybe(double probability) {
            return random.nextDouble() < probability;
        }

        void add(EventType type, String agent, String version, Payload payload) {
            var key = IdempotencyKey.task(TENANT, INCIDENT, type, EventType.INCIDENT_DETECTED, version, cycle);
            var time = T0.plusSeconds(cycle * 10_000L + random.nextInt(5000));
            var first = Event.create(time, TENANT, INCIDENT, cycle, payload, new Event.Agent(agent, version), key, null);
            var written = new ArrayList<Event>();
            written.add(first);
            if (maybe(0.2)) { // the same task run twice: same key, so same id, another payload and time
                var second = Event.create(time.plusSeconds(1 + random.nextInt(60)), TENANT, INCIDENT, cycle,
                        rerun(payload), new Event.Agent(agent, version), key, null);
                written.add(second);
            }
            versions.add(written);
        }

        void task(EventType output, String agent, String version, double failureProbability) {
            var taskKey = IdempotencyKey.task(TENANT, INCIDENT, output, EventType.INCIDENT_DETECTED, version, cycle);
            var time = T0.plusSeconds(cycle * 10_000L);
            versions.add(List.of(Event.create(time, TENANT, INCIDENT, cycle, new Payload.TaskRequested(taskKey,
                    agent, TENANT + "-" + agent + "-tasks", new Payload.RecordPosition("debugging.timeline", 5, cycle),
                    UUID.nameUUIDFromBytes(taskKey.getBytes()), "rule", Map.of()), new Event.Agent("dispatcher", "1.0.0"),
                    taskKey, null)));
            if (maybe(failureProbability)) {
                add(EventType.DISPATCH_FAILED, "dispatcher", "1.0.0",
                        new Payload.DispatchFailed(UUID.nameUUIDFromBytes(taskKey.getBytes()), "queue missing",
                                new Payload.RecordPosition("debugging.timeline", 0, 0)));
            }
        }

        private Payload rerun(Payload payload) {
            if (payload instanceof Payload.RootCauseProposed r) {
                return new Payload.RootCauseProposed(r.hypothesis() + " (second run)", r.category(),
                        Math.min(1, r.confidence() + 0.01), r.evidence(), r.traceId());
            }
            if (payload instanceof Payload.FixDrafted f) {
                return new Payload.FixDrafted(f.summary() + " (second run)", f.patch(), f.rootCauseEventId());
            }
            if (payload instanceof Payload.EvaluationCompleted e) {
                return new Payload.EvaluationCompleted(e.passed(), Map.of("after", 99.0), "judged again", e.fixEventId());
            }
            return payload; // a plain retry of the same write
        }
    }
}
