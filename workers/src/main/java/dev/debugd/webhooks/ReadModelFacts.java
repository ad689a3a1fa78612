package dev.debugd.webhooks;

import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * Whether the read model holds a fact already: what the merge poller asks before it writes one the webhook may have
 * written. False when it cannot tell (no read model yet, the database away): a fact written twice is still one fact.
 */
public final class ReadModelFacts implements Predicate<UUID> {

    private final DataSource postgres;
    private final String schema;

    public ReadModelFacts(DataSource postgres, String schema) {
        this.postgres = postgres;
        this.schema = schema;
    }

    @Override
    public boolean test(UUID eventId) {
        try (var connection = postgres.getConnection();
                var query = connection.prepareStatement("SELECT 1 FROM " + schema + ".timeline_events WHERE event_id = ?")) {
            query.setObject(1, eventId);
            try (var rs = query.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            return false;
        }
    }
}
