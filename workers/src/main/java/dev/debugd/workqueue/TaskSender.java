package dev.debugd.workqueue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Sends task messages to their tenants' queues in batches of ten (SQS's maximum). A message that could not be sent
 * is reported, not retried forever: the ledger still holds its task as required, and the sweeper sends it again.
 */
public final class TaskSender {

    static final int BATCH = 10;

    private final SqsClient sqs;
    private final QueueProvisioning queues;

    /** What a send achieved: the keys SQS accepted and, for the others, why not. */
    public record Outcome(List<String> sent, List<String> failures) {}

    public TaskSender(SqsClient sqs, QueueProvisioning queues) {
        this.sqs = sqs;
        this.queues = queues;
    }

    /** @param messages with the logical queue each goes to */
    public Outcome send(List<Addressed> messages) {
        var byQueue = new LinkedHashMap<String, List<Addressed>>();
        messages.forEach(m -> byQueue.computeIfAbsent(m.queue(), q -> new ArrayList<>()).add(m));
        var sent = new ArrayList<String>();
        var failures = new ArrayList<String>();
        byQueue.forEach((queue, list) -> {
            String url;
            try {
                url = queues.ensure(queue).url();
            } catch (RuntimeException e) {
                list.forEach(m -> failures.add(m.taskKey() + ": queue " + queue + ": " + e.getMessage()));
                return;
            }
            for (int from = 0; from < list.size(); from += BATCH) {
                var chunk = list.subList(from, Math.min(list.size(), from + BATCH));
                var entries = new ArrayList<SendMessageBatchRequestEntry>();
                for (int i = 0; i < chunk.size(); i++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(i)).messageBody(chunk.get(i).body()).build());
                }
                try {
                    var response = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
                    response.successful().forEach(ok -> sent.add(chunk.get(Integer.parseInt(ok.id())).taskKey()));
                    response.failed().forEach(bad -> failures.add(chunk.get(Integer.parseInt(bad.id())).taskKey() + ": "
                            + bad.code() + " " + bad.message()));
                } catch (RuntimeException e) {
                    chunk.forEach(m -> failures.add(m.taskKey() + ": " + e.getMessage()));
                }
            }
        });
        return new Outcome(sent, failures);
    }

    /** A message and the logical queue it goes to. */
    public record Addressed(String queue, String taskKey, String body) {}
}
