package dev.debugd.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** SQS through AWS SDK v2 against ElasticMQ: standard queues, long polling, visibility, dead-letter redrive. */
class SqsConnectivityTest {

    private static SqsClient sqs;
    private static final List<String> queues = new ArrayList<>();

    @BeforeAll
    static void connect() {
        var endpoints = LocalStack.requireSqs();
        sqs = SqsClient.builder()
                .endpointOverride(LocalStack.sqsEndpoint(endpoints))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(30)))
                .build();
    }

    @AfterAll
    static void deleteQueues() {
        if (sqs != null) {
            queues.forEach(url -> sqs.deleteQueue(b -> b.queueUrl(url)));
            sqs.close();
        }
    }

    private static String newQueue(String purpose, Map<QueueAttributeName, String> attributes) {
        var url = sqs.createQueue(b -> b.queueName(LocalStack.uniqueName(purpose)).attributes(attributes)).queueUrl();
        queues.add(url);
        return url;
    }

    private static List<Message> receive(String url, int waitSeconds) {
        return sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(waitSeconds).maxNumberOfMessages(10)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
    }

    @Test
    void longPollingWaitsForAMessageSentWhileItWaits() throws Exception {
        var url = newQueue("long-poll", Map.of());
        var sender = CompletableFuture.runAsync(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(700);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"task\":\"rca\"}"));
        });
        // One long poll started before the message existed receives it: no busy polling needed.
        var messages = receive(url, 10);
        sender.get(10, TimeUnit.SECONDS);
        assertThat(messages).extracting(Message::body).containsExactly("{\"task\":\"rca\"}");
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(messages.get(0).receiptHandle()));
        assertThat(receive(url, 1)).isEmpty();
    }

    @Test
    void anUndeletedMessageComesBackAfterItsVisibilityTimeout() {
        var url = newQueue("visibility", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("task-1"));

        var first = receive(url, 5);
        assertThat(first).extracting(Message::body).containsExactly("task-1");
        assertThat(receive(url, 0)).as("invisible while the first receiver works").isEmpty();

        var again = await().atMost(Duration.ofSeconds(10)).until(() -> receive(url, 1), m -> !m.isEmpty());
        assertThat(again).extracting(Message::body).containsExactly("task-1");
        assertThat(again.get(0).attributes()).containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
    }

    @Test
    void aMessageReceivedPastItsBudgetMovesToTheDeadLetterQueue() {
        var dlq = newQueue("tasks-dlq", Map.of());
        var dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        var url = newQueue("tasks", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"2\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("poison"));

        // Received twice and never deleted: the budget is spent, the next receive hands it to the DLQ.
        assertThat(receive(url, 5)).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> receive(url, 1).size() == 1);
        var dead = await().atMost(Duration.ofSeconds(15)).until(() -> {
            receive(url, 1);
            return receive(dlq, 0);
        }, m -> !m.isEmpty());
        assertThat(dead).extracting(Message::body).containsExactly("poison");
        assertThat(receive(url, 2)).as("nothing left in the work queue").isEmpty();
    }
}
