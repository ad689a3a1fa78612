package dev.debugd.readmodel;

import dev.debugd.health.OutageLog;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projector role: keeps the served read model current from the live timeline, one transaction a poll, by the same
 * {@link Projector} a replay uses (bad records are published as EventRejected on the way). It resumes from the offsets
 * stored with the read model. When a replay swaps a rebuilt read model in, it opens again on the new one and goes on from
 * the offsets the rebuild stored, so nothing is lost; when a newer projector takes over, it stops. While Kafka or
 * Postgres is away it retries with a pause that doubles, and says so once.
 */
public final class LiveProjection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveProjection.class);

    /** Opens a projector on the served read model, from its stored offsets. */
    public interface Opener {
        Projector open() throws Exception;
    }

    private final Opener opener;
    private final OutageLog outage = new OutageLog(LOG, "Kafka or Postgres, for the read model");
    private final AtomicLong lag = new AtomicLong(-1);
    private final Counter projected;
    private final Counter rejected;
    private Projector projector;
    private volatile boolean healthy;

    public LiveProjection(Opener opener, MeterRegistry metrics) {
        this.opener = opener;
        Gauge.builder("debugd.projector.lag", lag, AtomicLong::get).baseUnit("records")
                .description("Records of the timeline's topics not yet in the read model (-1 before the first measurement)")
                .register(metrics);
        this.projected = Counter.builder("debugd.projector.projected").baseUnit("records")
                .description("Records projected into the read model").register(metrics);
        this.rejected = Counter.builder("debugd.projector.rejected").baseUnit("records")
                .description("Bad records met and published as EventRejected").register(metrics);
    }

    /** The lag last measured, in records; -1 before the first measurement. */
    public long lag() {
        return lag.get();
    }

    /** Whether the last poll was projected (false while a server is away). */
    public boolean healthy() {
        return healthy;
    }

    /**
     * Projects until {@code going} turns false; measures and logs the lag every {@code lagEvery} when something was
     * projected since the last line.
     *
     * @throws Projector.StaleWriterException when a newer projector took the read model over
     */
    public void run(BooleanSupplier going, Duration pollTimeout, Duration lagEvery, Duration maxBackoff) throws InterruptedException {
        var backOff = IntervalFunction.ofExponentialBackoff(pollTimeout, 2.0, maxBackoff);
        int failures = 0;
        long nextLag = System.nanoTime();
        long reported = -1;
        while (going.getAsBoolean()) {
            try {
                if (projector == null) {
                    projector = opener.open();
                    LOG.info("project: projecting from the read model's stored offsets");
                }
                step(pollTimeout);
                if (System.nanoTime() >= nextLag) {
                    lag.set(projector.lag());
                    long total = (long) projected.count();
                    if (total != reported) {
                        LOG.info("project: {} record(s) projected, {} rejected, lag {}", total, (long) rejected.count(), lag.get());
                        reported = total;
                    }
                    nextLag = System.nanoTime() + lagEvery.toNanos();
                }
                healthy = true;
                outage.succeeded();
                failures = 0;
            } catch (Projector.StaleWriterException e) {
                throw e;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                healthy = false;
                outage.failed(e);
                closeProjector(); // opened again, from the stored offsets, once the servers answer
                Thread.sleep(backOff.apply(++failures)); // the role's own thread waits out the back-off
            }
        }
    }

    private void step(Duration pollTimeout) throws Exception {
        try {
            long before = projector.recordsProjected();
            long rejectedBefore = projector.recordsRejected();
            projector.step(pollTimeout);
            projected.increment(projector.recordsProjected() - before);
            rejected.increment(projector.recordsRejected() - rejectedBefore);
        } catch (Projector.StaleWriterException e) {
            if (!projector.schemaReplaced()) {
                throw e;
            }
            LOG.info("project: a replay swapped a rebuilt read model in; going on from the offsets it stored");
            closeProjector();
            projector = opener.open();
        }
    }

    private void closeProjector() {
        if (projector != null) {
            try {
                projector.close();
            } catch (Exception e) {
                LOG.debug("closing a projector whose connection failed", e);
            }
            projector = null;
        }
    }

    @Override
    public void close() {
        closeProjector();
    }
}
