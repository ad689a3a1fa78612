package dev.debugd.workqueue;

import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import java.util.Optional;

/**
 * Where a worker reads its task's input and whether the task is done: from Kafka and the ledger for the platform's
 * own roles ({@code LedgerTaskInputs}); from the task API for tenant workloads, which may not read Kafka
 * ({@link HttpTaskInputs}, ARCHITECTURE §4). The task is named with every read, so the API can check it is the
 * reader's.
 */
public interface TaskInputs {
    Optional<TimelineRecord> trigger(TaskMessage task);

    /** A record the task lists by position (its context, the root cause it works from). */
    Optional<TimelineRecord> record(TaskMessage task, Payload.RecordPosition position);

    /** Whether the task needs no more work: done, abandoned, or of a cycle that was closed (e.g. suppressed). */
    boolean isSettled(TaskMessage task);
}
