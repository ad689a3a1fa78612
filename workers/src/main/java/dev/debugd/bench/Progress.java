package dev.debugd.bench;

import java.io.PrintStream;

/**
 * A long phase's progress, once a second on stderr (safe to call from several threads). Public for the operator's
 * benchmark, which lives beside the operator (it depends on the workers).
 */
public final class Progress {

    private final PrintStream out;
    private final String what;
    private final long start = System.nanoTime();
    private long next = start + 1_000_000_000L;

    public Progress(PrintStream out, String what) {
        this.out = out;
        this.what = what;
    }

    public synchronized void tick(long done, long total) {
        long now = System.nanoTime();
        if (now >= next) {
            out.printf("  %s: %d/%d (%.0f/s)%n", what, done, total, done / ((now - start) / 1e9));
            next = now + 1_000_000_000L;
        }
    }
}
