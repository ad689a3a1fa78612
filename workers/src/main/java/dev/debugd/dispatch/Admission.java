package dev.debugd.dispatch;

import dev.debugd.dispatch.rules.AdmissionRules;
import dev.debugd.dispatch.rules.AdmissionRules.Verdict;
import dev.debugd.timeline.Decoding;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.Rejections;
import dev.debugd.timeline.kafka.OutputsReader;
import dev.debugd.timeline.kafka.TimelineWriter;
import dev.debugd.timeline.offsets.StoredOffsets;
import dev.debugd.timeline.offsets.StoredOffsets.OffsetMove;
import dev.debugd.workqueue.TaskMessage;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's admission (ARCHITECTURE §1, §4): reads every tenant's outputs topic and copies each output that
 * {@link AdmissionRules} admits into its shared topic, byte for byte (so with the same event id); anything else becomes
 * an EventRejected of the topic's tenant, and the task it claims stays required. Its offsets live with the ledger and
 * move in the same transaction as the ledger reads that judged them; a crash copies again what it copied, which adds
 * no new fact (the lowest offset of an event id wins, and a done task's own output is not copied twice).
 */
public final class Admission {

    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);
    /** How often new outputs topics (new tenants) are looked for. */
    private static final Duration TOPIC_LOOKUP = Duration.ofSeconds(5);
    private static final int KEPT_DELAYS = 100_000;

    private final OutputsReader reader;
    private final TimelineWriter writer;
    private final LedgerStore ledger;
    private final StoredOffsets offsets;
    private final Event.Agent agent;
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private long nextLookup = System.nanoTime();
    private long admitted;
    private long rejected;
    private long abandoned;
    /** Milliseconds from an output's write to its copy's acknowledgement, the latest {@value KEPT_DELAYS}. */
    private final long[] delays = new long[KEPT_DELAYS];
    private int delayCount;

    /** What admission did so far; {@code abandoned}: tasks it ended for a run that retrying cannot mend. */
    public record Stats(long admitted, long rejected, long abandoned, long medianDelayMillis, long maxDelayMillis) {}

    Admission(OutputsReader reader, TimelineWriter writer, LedgerStore ledger, StoredOffsets offsets, Event.Agent agent) {
        this.reader = reader;
        this.writer = writer;
        this.ledger = ledger;
        this.offsets = offsets;
        this.agent = agent;
    }

    /** Judges one poll's outputs and commits; how many records it read. On failure nothing is committed or kept. */
    int step(Connection connection, long epoch, Duration timeout) throws Exception {
        try {
            lookForTopics(connection);
            if (positions.isEmpty()) { // no tenant has an outputs topic yet
                return 0;
            }
            var batch = reader.poll(timeout);
            if (batch.nextOffsets().isEmpty()) {
                connection.commit();
                return 0;
            }
            var keys = new HashSet<String>();
            for (var record : batch.records()) {
                if (record.decoding() instanceof Decoding.Decoded decoded) {
                    keys.add(AdmissionRules.claimedTaskKey(decoded.event()));
                }
            }
            var tasks = ledger.tasks(connection, keys);
            var done = ledger.doneBy(connection, keys);
            var copies = new ArrayList<TimelineWriter.Copy>();
            var writtenAt = new ArrayList<Long>();
            var rejections = new ArrayList<Event>();
            var abandonments = new ArrayList<Event>();
            for (var record : batch.records()) {
                String reason;
                if (record.decoding() instanceof Decoding.Decoded decoded) {
                    var event = decoded.event();
                    var key = AdmissionRules.claimedTaskKey(event);
                    var task = Optional.ofNullable(tasks.get(key)).map(t -> new AdmissionRules.RequestedTask(t.tenantId(),
                            t.incidentId(), t.cycle(), t.output()));
                    var verdict = AdmissionRules.judge(record.topicTenant(), event, task, Optional.ofNullable(done.get(key)));
                    if (verdict instanceof Verdict.Admit) {
                        copies.add(new TimelineWriter.Copy(event, record.key(), record.value()));
                        writtenAt.add(record.writtenAtMillis());
                        if (event.payload() instanceof Payload.AgentRunFailed failed && !failed.retryable()
                                && !ledger.isSettled(connection, key)) {
                            abandonments.add(abandoned(event, failed, tasks.get(key)));
                        }
                        continue;
                    }
                    if (verdict instanceof Verdict.AlreadyAdmitted) {
                        continue;
                    }
                    reason = ((Verdict.Reject) verdict).reason();
                } else {
                    reason = ((Decoding.Rejected) record.decoding()).reason();
                }
                LOG.warn("not admitted: {} partition {} offset {}: {}", record.partition().topic(), record.partition().partition(),
                        record.offset(), reason);
                rejections.add(Rejections.ofOutput(record.partition().topic(), record.partition().partition(), record.offset(),
                        record.topicTenant(), record.key(), record.value(), reason, Instant.ofEpochMilli(record.writtenAtMillis()),
                        agent));
            }
            writer.copyAll(copies);
            long acknowledged = System.currentTimeMillis();
            writer.writeAll(rejections);
            writer.writeAll(abandonments);
            abandoned += abandonments.size();
            var moves = new HashMap<TopicPartition, OffsetMove>();
            batch.nextOffsets().forEach((p, next) -> moves.put(p, new OffsetMove(positions.get(p), next)));
            if (!offsets.advance(connection, moves, epoch)) {
                throw new IllegalStateException("dispatcher epoch " + epoch + " was fenced: a newer dispatcher owns the ledger");
            }
            connection.commit();
            moves.forEach((p, move) -> positions.put(p, move.to()));
            admitted += copies.size();
            rejected += rejections.size();
            writtenAt.forEach(at -> delays[delayCount++ % KEPT_DELAYS] = Math.max(0, acknowledged - at));
            return batch.records().size();
        } catch (Exception e) {
            connection.rollback();
            reader.assign(positions); // from the committed positions again
            throw e;
        }
    }

    /**
     * A run that retrying cannot mend ends its task at once, with the run's reason; keyed as a dead-lettered task's
     * abandonment is, so the task has one TaskAbandoned whichever way it ended. Its time is the failed run's.
     */
    private Event abandoned(Event run, Payload.AgentRunFailed failed, TaskMessage task) {
        var key = run.idempotencyKey();
        int receives = Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
        return Event.create(run.time(), run.tenantId(), run.incidentId(), run.cycle(), new Payload.TaskAbandoned(failed.taskKey(),
                task.taskType(), receives, "retrying cannot mend it: " + failed.error()), agent,
                IdempotencyKey.abandoned(failed.taskKey()), task.taskEventId());
    }

    /** Looks for new outputs topics at the next step instead of at the next regular look. */
    void lookForTopicsSoon() {
        nextLookup = System.nanoTime();
    }

    /** Reads new tenants' outputs topics from their start (or from the offsets stored for them). */
    private void lookForTopics(Connection connection) throws Exception {
        if (System.nanoTime() < nextLookup) {
            return;
        }
        nextLookup = System.nanoTime() + TOPIC_LOOKUP.toNanos();
        var fresh = reader.partitions().stream().filter(p -> !positions.containsKey(p)).toList();
        if (fresh.isEmpty()) {
            return;
        }
        positions.putAll(offsets.load(connection, fresh));
        connection.commit(); // the new partitions' offset rows, so that later steps can move them
        reader.assign(positions);
        LOG.info("admission reads {} outputs partition(s) of {} tenant(s)", positions.size(),
                positions.keySet().stream().map(TopicPartition::topic).distinct().count());
    }

    /** Tasks ended for a run that retrying cannot mend, so far. */
    long abandoned() {
        return abandoned;
    }

    Stats stats() {
        int kept = Math.min(delayCount, KEPT_DELAYS);
        if (kept == 0) {
            return new Stats(admitted, rejected, abandoned, 0, 0);
        }
        var sorted = Arrays.copyOf(delays, kept);
        Arrays.sort(sorted);
        return new Stats(admitted, rejected, abandoned, sorted[kept / 2], sorted[kept - 1]);
    }
}
