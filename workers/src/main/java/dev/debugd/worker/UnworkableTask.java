package dev.debugd.worker;

/**
 * A task that retrying cannot mend: its input is not what its kind of work needs, or the agent refused it. The worker
 * shell records the failed run as not retryable and drops the message, and the dispatcher ends the task at once as
 * TaskAbandoned with the reason, instead of sending it again until its receive budget is spent.
 */
public final class UnworkableTask extends RuntimeException {

    public UnworkableTask(String reason) {
        super(reason);
    }
}
