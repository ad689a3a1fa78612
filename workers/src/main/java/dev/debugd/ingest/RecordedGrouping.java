package dev.debugd.ingest;

import dev.debugd.config.ConfigHistory;
import dev.debugd.signature.GroupingSettings;
import dev.debugd.timeline.kafka.RecordedConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each tenant's grouping settings as its configuration facts recorded them (ARCHITECTURE §6), never from live files:
 * evidence is signed under the settings in force at its own time. Read from Kafka at start and then every
 * {@code every} on a thread of its own; while Kafka cannot be read, the settings read last stay.
 */
public final class RecordedGrouping implements BiFunction<String, Instant, GroupingSettings>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecordedGrouping.class);

    private final RecordedConfiguration configuration;
    private final ScheduledExecutorService scheduler;
    private volatile Map<String, Function<Instant, GroupingSettings>> byTenant = Map.of();
    private boolean failing;

    /** Reads what is recorded now (so the first batch is signed as recorded), then follows. */
    public RecordedGrouping(RecordedConfiguration configuration, Duration every) {
        this.configuration = configuration;
        refresh();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "recorded-grouping");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::refresh, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public GroupingSettings apply(String tenant, Instant moment) {
        var recorded = byTenant.get(tenant);
        return recorded == null ? GroupingSettings.DEFAULTS : recorded.apply(moment);
    }

    /** How many tenants have configuration facts. */
    public int tenants() {
        return byTenant.size();
    }

    private synchronized void refresh() {
        try {
            if (configuration.catchUp() > 0 || byTenant.isEmpty()) {
                var settings = new HashMap<String, Function<Instant, GroupingSettings>>();
                for (ConfigHistory history : configuration.histories().values()) {
                    settings.put(history.tenantId(), GroupingSettings.asRecorded(history));
                }
                byTenant = Map.copyOf(settings);
            }
            if (failing) {
                LOG.info("recorded grouping settings: Kafka can be read again");
                failing = false;
            }
        } catch (RuntimeException e) { // the next refresh tries again; the settings read last stay
            if (!failing) {
                LOG.warn("recorded grouping settings cannot be read from Kafka, the last ones stay: {}", e.toString());
                failing = true;
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        configuration.close();
    }
}
