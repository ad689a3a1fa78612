package dev.debugd.cli;

import dev.debugd.config.Endpoints;
import dev.debugd.readmodel.ReadModelSchemas;
import dev.debugd.store.Postgres;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures how long each fact the demo saw on the timeline took to reach the read model the projector keeps: the demo
 * shows that the read model is live, not that it was rebuilt once.
 */
final class DemoReadModelWatch implements AutoCloseable {

    /** How long facts took to appear in the read model, and the ones that never did. */
    record Delays(List<Duration> delays, int missing) {
        Duration max() {
            return delays.stream().max(Duration::compareTo).orElse(Duration.ZERO);
        }

        Duration median() {
            return delays.isEmpty() ? Duration.ZERO : delays.stream().sorted().toList().get(delays.size() / 2);
        }
    }

    private final Postgres postgres;
    private final Map<UUID, Long> pending = new ConcurrentHashMap<>();
    private final List<Duration> delays = new ArrayList<>();
    private final Thread watcher;
    private volatile boolean going = true;

    DemoReadModelWatch(Endpoints.Postgres endpoint) {
        this.postgres = new Postgres(endpoint);
        this.watcher = new Thread(this::watch, "demo-read-model");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The demo saw this fact on the timeline now. */
    void seen(UUID eventId) {
        pending.putIfAbsent(eventId, System.nanoTime());
    }

    private void watch() {
        while (going) {
            try (var connection = postgres.connect(); var select = connection.prepareStatement("SELECT event_id FROM "
                    + ReadModelSchemas.LIVE + ".timeline_events WHERE event_id = ANY(?)")) {
                while (going) {
                    if (!pending.isEmpty()) {
                        var asked = new HashMap<>(pending);
                        select.setArray(1, connection.createArrayOf("uuid", asked.keySet().toArray()));
                        long now = System.nanoTime();
                        try (var rs = select.executeQuery()) {
                            while (rs.next()) {
                                var id = rs.getObject(1, UUID.class);
                                synchronized (delays) {
                                    delays.add(Duration.ofNanos(now - asked.get(id)));
                                }
                                pending.remove(id);
                            }
                        }
                    }
                    Thread.sleep(100);
                }
            } catch (SQLException e) {
                sleepQuietly(); // the read model's tables appear when the projector starts; until then nothing is found
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code limit} for the facts still missing, then says how it went. */
    Delays await(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        synchronized (delays) {
            return new Delays(List.copyOf(delays), pending.size());
        }
    }

    @Override
    public void close() throws InterruptedException {
        going = false;
        watcher.interrupt();
        watcher.join(5_000);
    }
}
