package dev.debugd.bench.rca;

import dev.debugd.config.Endpoints;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.kafka.TimelineReader;
import dev.debugd.timeline.kafka.TimelineTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads the harness's timeline as it is written, noting when it saw each tenant's incidents and root causes. A
 * tenant's answer is the first RootCauseProposed of its scenario's incident: the one whose episode began first, and of
 * two that began together the one with an error signature (a new exception says more than the error rate it causes);
 * its delay is the time between seeing the incident and seeing its root cause.
 */
final class TimelineWatch implements AutoCloseable {

    /**
     * A tenant's answer: its first incident's rule and first root cause (none: not answered in time), among how many
     * incidents.
     */
    record Answer(String rule, List<Payload.RankedHypothesis> ranked, int incidents, double detectToRcaSeconds) {}

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
                    note(record.event(), now);
                }
                notifyAll();
            }
        }
    }

    private void note(Event event, long now) {
        if (event.payload() instanceof Payload.IncidentDetected detected) {
            incidents.computeIfAbsent(event.tenantId(), t -> new HashMap<>()).putIfAbsent(event.incidentId(),
                    new Seen(detected.rule(), detected.episodeStart(), !detected.signature().isEmpty(), now));
        } else if (event.payload() instanceof Payload.RootCauseProposed cause) {
            var ranked = cause.ranked().isEmpty()
                    ? List.of(new Payload.RankedHypothesis(cause.category(), cause.hypothesis(), cause.confidence(), cause.evidence()))
                    : cause.ranked();
            causes.computeIfAbsent(event.tenantId(), t -> new HashMap<>()).putIfAbsent(event.incidentId(), new RootCause(ranked, now));
        }
    }

    /**
     * The tenant's answer so far: its first incident's first root cause; with no hypotheses when the incident has no
     * root cause yet; empty when nothing was detected.
     */
    private synchronized Optional<Answer> answer(String tenant) {
        var seen = incidents.getOrDefault(tenant, Map.of());
        return seen.entrySet().stream().min(Map.Entry.comparingByValue(FIRST)).map(first -> {
            var cause = causes.getOrDefault(tenant, Map.of()).get(first.getKey());
            return cause == null ? new Answer(first.getValue().rule(), List.of(), seen.size(), Double.NaN)
                    : new Answer(first.getValue().rule(), cause.ranked(), seen.size(),
                            (cause.seenNanos() - first.getValue().detectedNanos()) / 1e9);
        });
    }

    /**
     * Waits until every one of these tenants is answered or the deadline passes; woken by each batch read. A failure
     * of the pipeline ends the wait with it.
     */
    synchronized void awaitAnswered(List<String> tenants, Instant deadline, Supplier<Exception> failure) throws Exception {
        while (!tenants.stream().allMatch(this::answered)) {
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

    boolean answered(String tenant) {
        return answer(tenant).filter(answer -> !answer.ranked().isEmpty()).isPresent();
    }

    /** Each detected tenant's answer, with how many incidents it had by now. */
    synchronized Map<String, Answer> answers() {
        var result = new HashMap<String, Answer>();
        for (var tenant : incidents.keySet()) {
            answer(tenant).ifPresent(answer -> result.put(tenant, answer));
        }
        return result;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join();
        reader.close();
    }
}
