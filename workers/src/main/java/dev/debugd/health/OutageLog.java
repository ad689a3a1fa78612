package dev.debugd.health;

import org.slf4j.Logger;

/**
 * One log line when a server stops answering and one when it is back, however many calls fail in between, so an
 * outage does not flood the log.
 */
public final class OutageLog {

    private final Logger log;
    private final String server;
    private boolean down;
    private long failures;

    public OutageLog(Logger log, String server) {
        this.log = log;
        this.server = server;
    }

    public synchronized void failed(Exception cause) {
        failures++;
        if (!down) {
            down = true;
            var reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            log.warn("{} is unavailable ({}); retrying, and logging again only when it is back", server, reason);
        }
    }

    /** Whether the server has not answered since its last failure: a role's health. */
    public synchronized boolean down() {
        return down;
    }

    public synchronized void succeeded() {
        if (down) {
            down = false;
            log.info("{} is back after {} failed call(s)", server, failures);
            failures = 0;
        }
    }
}
