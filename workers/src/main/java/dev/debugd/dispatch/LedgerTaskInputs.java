package dev.debugd.dispatch;

import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.timeline.kafka.RecordFetcher;
import dev.debugd.workqueue.TaskInputs;
import dev.debugd.workqueue.TaskMessage;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** Task inputs for the platform's own roles: the trigger from Kafka by position, "done" from the dispatcher's ledger. */
public final class LedgerTaskInputs implements TaskInputs {

    private final RecordFetcher fetcher;
    private final Connection connection;
    private final LedgerStore ledger;

    public LedgerTaskInputs(RecordFetcher fetcher, Connection connection, LedgerStore ledger) throws SQLException {
        this.fetcher = fetcher;
        this.connection = connection;
        this.ledger = ledger;
        connection.setAutoCommit(true);
    }

    @Override
    public Optional<TimelineRecord> trigger(TaskMessage task) {
        return fetcher.fetch(task.trigger());
    }

    @Override
    public Optional<TimelineRecord> record(TaskMessage task, Payload.RecordPosition position) {
        return fetcher.fetch(position);
    }

    @Override
    public boolean isSettled(TaskMessage task) {
        try {
            return ledger.isSettled(connection, task.taskKey());
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger cannot be read: " + e.getMessage(), e);
        }
    }
}
