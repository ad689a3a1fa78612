package dev.debugd.workqueue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * The one place that creates work queues (the local manifest loader and the dispatcher use it; the operator's queue
 * dependent will): a standard queue per tenant and task type with its dead-letter queue and a redrive policy after
 * the receive budget. Idempotent; a queue that exists with other settings is brought to these.
 */
public final class QueueProvisioning {

    /** SQS's own limit on queue names. */
    static final int MAX_NAME = 80;

    private final SqsClient sqs;
    private final WorkQueueSettings settings;
    private final Map<String, Queue> known = new ConcurrentHashMap<>();

    /** A work queue's URL and its dead-letter queue's. */
    public record Queue(String logicalName, String url, String deadLetterUrl) {}

    public QueueProvisioning(SqsClient sqs, WorkQueueSettings settings) {
        this.sqs = sqs;
        this.settings = settings;
    }

    public WorkQueueSettings settings() {
        return settings;
    }

    /** Creates the queue and its dead-letter queue if missing; answers from memory once done. */
    public Queue ensure(String logicalQueue) {
        return known.computeIfAbsent(logicalQueue, this::create);
    }

    private Queue create(String logicalQueue) {
        var name = settings.queueName(logicalQueue);
        var deadLetterName = settings.deadLetterName(logicalQueue);
        if (deadLetterName.length() > MAX_NAME || !deadLetterName.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("queue name '" + deadLetterName + "' is not a valid SQS name (letters, digits,"
                    + " '-', '_', at most " + MAX_NAME + " characters)");
        }
        // Dead letters are kept as long as SQS allows, for a human to look at.
        var deadLetterUrl = createOrUpdate(deadLetterName, Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"));
        var deadLetterArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        var redrive = "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\"" + settings.receiveBudget() + "\"}";
        var url = createOrUpdate(name, Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(settings.visibilityTimeout().toSeconds()),
                QueueAttributeName.REDRIVE_POLICY, redrive));
        return new Queue(logicalQueue, url, deadLetterUrl);
    }

    private String createOrUpdate(String name, Map<QueueAttributeName, String> attributes) {
        try {
            return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        } catch (QueueNameExistsException e) {
            var url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(attributes));
            return url;
        }
    }

    /** Deletes a tenant's queue and its dead-letter queue (tests and tenant removal); absent queues are fine. */
    public void delete(String logicalQueue) {
        known.remove(logicalQueue);
        for (var name : new String[] {settings.queueName(logicalQueue), settings.deadLetterName(logicalQueue)}) {
            try {
                var url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
                sqs.deleteQueue(b -> b.queueUrl(url));
            } catch (QueueDoesNotExistException e) {
                // already gone
            }
        }
    }
}
