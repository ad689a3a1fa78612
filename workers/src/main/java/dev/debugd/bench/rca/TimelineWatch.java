package dev.debugd.bench.rca;

import dev.debugd.config.Endpoints;
import dev.debugd.context.snapshot.Context;
import dev.debugd.context.snapshot.ContextJson;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.timeline.kafka.TimelineTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads the harness's timeline as it is written, noting when it saw each tenant's incidents, contexts and root causes.
 * A tenant's answer in a pass is the first RootCauseProposed of its scenario's incident: of the incidents whose episode
 * began in the pass, the one that began first, and of two that began together the one with an error signature (a new
 * exception says more than the error rate it causes); its delay is the time between seeing the incident and seeing its
 * root cause.
 */
final class TimelineWatch implements AutoCloseable {

    /**
     * A tenant's answer: its first incident's id and rule, its first context's past incidents, its first root cause
     * (none: not answered in time), among how many incidents of the pass.
     */
    record Answer(String incidentId, String rule, List<Context.PastIncident> pastIncidents, List<Payload.RankedHypothesis> ranked,
            int incidents, double detectToRcaSeconds) {}

    private record Seen(String rule, Instant episodeStart, boolean signed, long detectedNanos) {}

    private static final Comparator<Seen> FIRST = Comparator.comparing(Seen::episodeStart)
            .thenComparing(seen -> !seen.signed());

    private final TimelineReader reader;
    private final Thread thread;
    private volatile boolean stopped;
    /** Incidents by tenant. */
    private final Map<String, Map<String, Seen>> incidents = new HashMap<>();
    /** Root causes by tenant and incident: the first of each. */
    private final Map<String, Map<String, RootCause>> causes = new HashMap<>();
    /** The past incidents of each incident's first context. */
    private final Map<String, List<Context.PastIncident>> pastIncidents = new HashMap<>();
    /** Every record by tenant and incident, in the order read: what a person's fact about it is decided from. */
    private final Map<String, List<TimelineRecord>> records = new HashMap<>();

    private record RootCause(List<Payload.RankedHypothesis> ranked, long seenNanos) {}

    TimelineWatch(Endpoints.Kafka kafka, TimelineTopics topics) {
        reader = new TimelineReader(kafka, topics, new Event.Agent("bench-rca", "1"), 500);
        reader.assign(reader.partitions().stream().collect(Collectors.toMap(p -> p, p -> 0L)));
        thread = new Thread(this::read, "bench-rca-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        while (!stopped) {
            var batch = reader.poll(Duration.ofMillis(100));
            long now = System.nanoTime();
            synchronized (this) {
                for (var record : batch.records()) {
                    note(record, now);
                }
                notifyAll();
            }
        }
    }

    private void note(TimelineRecord record, long now) {
        var event = record.event();
        records.computeIfAbsent(event.tenantId() + "/" + event.incidentId(), k -> new ArrayList<>()).add(record);
        if (event.payload() instanceof Payload.IncidentDetected detected) {
            incidents.computeIfAbsent(event.tenantId(), t -> new HashMap<>()).putIfAbsent(event.incidentId(),
                    new Seen(detected.rule(), detected.episodeStart(), !detected.signature().isEmpty(), now));
        } else if (event.payload() instanceof Payload.ContextBuilt built) {
            pastIncidents.computeIfAbsent(event.tenantId() + "/" + event.incidentId(),
                    k -> ContextJson.read(built.context().json()).pastIncidents());
        } else if (event.payload() instanceof Payload.RootCauseProposed cause) {
            var ranked = cause.ranked().isEmpty()
                    ? List.of(new Payload.RankedHypothesis(cause.category(), cause.hypothesis(), cause.confidence(), cause.evidence()))
                    : cause.ranked();
            causes.computeIfAbsent(event.tenantId(), t -> new HashMap<>()).putIfAbsent(event.incidentId(), new RootCause(ranked, now));
        }
    }

    /**
     * The tenant's answer in the pass that began at {@code since}: its first incident's first root cause; with no
     * hypotheses when the incident has no root cause yet; empty when nothing was detected.
     */
    private synchronized Optional<Answer> answer(String tenant, Instant since) {
        var seen = incidents.getOrDefault(tenant, Map.of()).entrySet().stream()
                .filter(incident -> !incident.getValue().episodeStart().isBefore(since)).toList();
        return seen.stream().min(Map.Entry.comparingByValue(FIRST)).map(first -> {
            var cause = causes.getOrDefault(tenant, Map.of()).get(first.getKey());
            var past = pastIncidents.getOrDefault(tenant + "/" + first.getKey(), List.of());
            return cause == null ? new Answer(first.getKey(), first.getValue().rule(), past, List.of(), seen.size(), Double.NaN)
                    : new Answer(first.getKey(), first.getValue().rule(), past, cause.ranked(), seen.size(),
                            (cause.seenNanos() - first.getValue().detectedNanos()) / 1e9);
        });
    }

    /**
     * Waits until every one of these tenants is answered in the pass that began at {@code since} or the deadline
     * passes; woken by each batch read. A failure of the pipeline ends the wait with it.
     */
    synchronized void awaitAnswered(List<String> tenants, Instant since, Instant deadline, Supplier<Exception> failure)
            throws Exception {
        while (!tenants.stream().allMatch(tenant -> answered(tenant, since))) {
            if (failure.get() != null) {
                throw failure.get();
            }
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0) {
                return;
            }
            wait(Math.min(left, 1000)); // a second at most: the pipeline's failure is not a read
        }
    }

    boolean answered(String tenant, Instant since) {
        return answer(tenant, since).filter(answer -> !answer.ranked().isEmpty()).isPresent();
    }

    /** Each detected tenant's answer in the pass that began at {@code since}, with how many incidents it had in it. */
    synchronized Map<String, Answer> answers(Instant since) {
        var result = new HashMap<String, Answer>();
        for (var tenant : incidents.keySet()) {
            answer(tenant, since).ifPresent(answer -> result.put(tenant, answer));
        }
        return result;
    }

    /** The records read so far of one incident. */
    synchronized List<TimelineRecord> records(String tenant, String incidentId) {
        return List.copyOf(records.getOrDefault(tenant + "/" + incidentId, List.of()));
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join();
        reader.close();
    }
}
