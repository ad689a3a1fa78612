package dev.debugd.workqueue;

import java.time.Duration;

/**
 * How the work queues behave: an installation-wide name prefix (tests isolate themselves with one), the receive
 * budget after which SQS moves a message to the dead-letter queue, the visibility timeout a received task is hidden
 * for (a worker extends it while it works) and the lease after which the sweeper sends unfinished work again.
 */
public record WorkQueueSettings(String queuePrefix, int receiveBudget, Duration visibilityTimeout, Duration lease) {

    public static final WorkQueueSettings DEFAULTS = new WorkQueueSettings("", 5, Duration.ofMinutes(5), Duration.ofMinutes(15));

    public WorkQueueSettings {
        if (queuePrefix == null || !queuePrefix.matches("[A-Za-z0-9_-]{0,20}")) {
            throw new IllegalArgumentException("queue prefix '" + queuePrefix + "' may hold up to 20 letters, digits, '-' and '_'");
        }
        if (receiveBudget < 1 || receiveBudget > 1000) {
            throw new IllegalArgumentException("receive budget must be between 1 and 1000, got " + receiveBudget);
        }
        if (visibilityTimeout.isNegative() || visibilityTimeout.compareTo(Duration.ofHours(12)) > 0
                || visibilityTimeout.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("visibility timeout must be whole seconds between 0 and 12 hours, got " + visibilityTimeout);
        }
        if (lease.compareTo(visibilityTimeout) < 0) {
            throw new IllegalArgumentException("the lease (" + lease + ") must not be shorter than the visibility timeout ("
                    + visibilityTimeout + ")");
        }
    }

    /** The SQS name of a logical queue (`acme-rca-tasks`). */
    public String queueName(String logicalQueue) {
        return queuePrefix + logicalQueue;
    }

    public String deadLetterName(String logicalQueue) {
        return queuePrefix + logicalQueue + "-dlq";
    }
}
