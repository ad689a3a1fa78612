package dev.debugd.tasks;

import dev.debugd.dispatch.LedgerStore;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.timeline.kafka.RecordFetcher;
import dev.debugd.workqueue.TaskMessage;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What the task API reads: the dispatcher's ledger for tasks and their state, and the timeline for the records they
 * list. One Kafka consumer serves the requests one at a time (a consumer is not safe across threads).
 */
public final class LedgerTasks implements TaskApiEndpoints.Ledger, TaskApiEndpoints.Records, AutoCloseable {

    private final DataSource postgres;
    private final LedgerStore ledger;
    private final RecordFetcher fetcher;

    public LedgerTasks(DataSource postgres, LedgerStore ledger, RecordFetcher fetcher) {
        this.postgres = postgres;
        this.ledger = ledger;
        this.fetcher = fetcher;
    }

    @Override
    public Optional<TaskMessage> task(String key) throws SQLException {
        try (var connection = postgres.getConnection()) {
            return Optional.ofNullable(ledger.tasks(connection, List.of(key)).get(key));
        }
    }

    @Override
    public boolean isSettled(String key) throws SQLException {
        try (var connection = postgres.getConnection()) {
            return ledger.isSettled(connection, key);
        }
    }

    @Override
    public synchronized Optional<TimelineRecord> fetch(Payload.RecordPosition position) {
        return fetcher.fetch(position);
    }

    @Override
    public synchronized void close() {
        fetcher.close();
    }
}
