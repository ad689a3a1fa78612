package dev.debugd.worker;

import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.Rejections;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.timeline.kafka.OutputsWriter;
import dev.debugd.workqueue.QueueProvisioning;
import dev.debugd.workqueue.TaskInputs;
import dev.debugd.workqueue.TaskMessage;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The loop every task consumer runs (ARCHITECTURE §4): long-poll its queue; a message that is not a task, or not a task
 * of the queue's tenant (or whose trigger is another tenant's record), goes to the dead-letter queue with an
 * EventRejected; a task of another agent version is released at once (rolling upgrades);
 * a done task is deleted; otherwise the input is read, the visibility extended while the handler works, the output
 * written with the task's key to the tenant's outputs topic (the dispatcher's admission copies it into the shared
 * topics, ARCHITECTURE §1), and only then the message deleted. A crash anywhere leaves the message to come back,
 * and its second run finds the task done or writes the same event id again (the lowest offset wins).
 */
public final class WorkerShell implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerShell.class);
    private static final Tracer UNTRACED = OpenTelemetry.noop().getTracer("untraced");

    /** Called after the output is written and before the message is deleted. A seam for crash tests. */
    public interface AfterOutput {
        void written(TaskMessage task) throws Exception;
    }

    /** What one message came to. */
    public enum Outcome { DONE, ALREADY_SETTLED, RELEASED, FAILED, UNWORKABLE, REJECTED, INPUT_MISSING }

    private final SqsClient sqs;
    private final QueueProvisioning.Queue queue;
    private final String tenant;
    private final Event.Agent agent;
    private final boolean everyVersion;
    private final TaskInputs inputs;
    private final TaskHandler handler;
    private final OutputsWriter writer;
    private final Clock clock;
    private final Duration visibility;
    private final AfterOutput afterOutput;
    private final TracedRuns runs;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        var thread = new Thread(r, "visibility-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    /** @param tenant the tenant whose queue {@code logicalQueue} is: it works that tenant's tasks only */
    public WorkerShell(SqsClient sqs, QueueProvisioning queues, String tenant, String logicalQueue, Event.Agent agent,
            TaskInputs inputs, TaskHandler handler, OutputsWriter writer, Clock clock, AfterOutput afterOutput) {
        this(sqs, queues, tenant, logicalQueue, agent, inputs, handler, writer, clock, afterOutput, UNTRACED);
    }

    /** A worker whose every run is traced by {@code tracer} ({@link TracedRuns}). */
    public WorkerShell(SqsClient sqs, QueueProvisioning queues, String tenant, String logicalQueue, Event.Agent agent,
            TaskInputs inputs, TaskHandler handler, OutputsWriter writer, Clock clock, AfterOutput afterOutput, Tracer tracer) {
        this(sqs, queues, tenant, logicalQueue, agent, false, inputs, handler, writer, clock, afterOutput, tracer);
    }

    /**
     * A worker that takes tasks of every agent version and writes its output under the task's version: for stand-in
     * work (placeholders) and the local mode's builtin agents, where one process stands in for every version's
     * Deployment; never for an agent on a model, whose version is what makes rolling upgrades safe.
     */
    public static WorkerShell forEveryVersion(SqsClient sqs, QueueProvisioning queues, String tenant, String logicalQueue,
            String agentName, TaskInputs inputs, TaskHandler handler, OutputsWriter writer, Clock clock, Tracer tracer) {
        return new WorkerShell(sqs, queues, tenant, logicalQueue, new Event.Agent(agentName, "any"), true, inputs, handler, writer,
                clock, task -> { }, tracer);
    }

    private WorkerShell(SqsClient sqs, QueueProvisioning queues, String tenant, String logicalQueue, Event.Agent agent,
            boolean everyVersion, TaskInputs inputs, TaskHandler handler, OutputsWriter writer, Clock clock, AfterOutput afterOutput,
            Tracer tracer) {
        if (!writer.tenant().equals(tenant)) {
            throw new IllegalArgumentException("a worker of tenant " + tenant + " writes its own outputs topic, not tenant "
                    + writer.tenant() + "'s");
        }
        this.everyVersion = everyVersion;
        this.sqs = sqs;
        this.tenant = tenant;
        this.queue = queues.ensure(logicalQueue);
        this.agent = agent;
        this.inputs = inputs;
        this.handler = handler;
        this.writer = writer;
        this.clock = clock;
        this.visibility = queues.settings().visibilityTimeout();
        this.afterOutput = afterOutput;
        this.runs = new TracedRuns(tracer);
    }

    /** Receives up to ten messages (waiting up to `wait` for the first) and works through them. */
    public List<Outcome> pollOnce(Duration wait) {
        var messages = sqs.receiveMessage(b -> b.queueUrl(queue.url()).maxNumberOfMessages(10)
                .waitTimeSeconds((int) Math.min(20, wait.toSeconds()))
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
        var outcomes = new ArrayList<Outcome>();
        for (var message : messages) {
            outcomes.add(process(message));
        }
        return outcomes;
    }

    Outcome process(Message message) {
        TaskMessage task;
        try {
            task = TaskMessage.parse(message.body());
        } catch (IllegalArgumentException e) {
            reject(message, e.getMessage());
            return Outcome.REJECTED;
        }
        if (!task.tenantId().equals(tenant)) { // a message moved or sent to another tenant's queue
            reject(message, "the task is tenant " + task.tenantId() + "'s, and this queue is tenant " + tenant + "'s");
            return Outcome.REJECTED;
        }
        if (!everyVersion && !task.agentVersion().equals(agent.version())) {
            // Another version's work (a rolling upgrade in progress): hand it back for a worker of that version.
            sqs.changeMessageVisibility(b -> b.queueUrl(queue.url()).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
            return Outcome.RELEASED;
        }
        if (inputs.isSettled(task)) { // done by an earlier run, or no longer wanted (its incident was suppressed)
            delete(message);
            return Outcome.ALREADY_SETTLED;
        }
        var trigger = inputs.trigger(task);
        if (trigger.isEmpty()) {
            LOG.warn("task {}: its trigger at {} cannot be read; the message comes back after its visibility timeout",
                    task.taskKey(), task.trigger());
            return Outcome.INPUT_MISSING;
        }
        if (!trigger.get().event().tenantId().equals(tenant)) { // the message points at another tenant's record
            reject(message, "the trigger at " + task.trigger() + " is a record of another tenant, not " + tenant + "'s");
            return Outcome.REJECTED;
        }
        var records = new HashMap<String, TimelineRecord>();
        for (var listed : task.records().entrySet()) {
            var record = inputs.record(task, listed.getValue());
            if (record.isEmpty()) {
                LOG.warn("task {}: its {} at {} cannot be read; the message comes back after its visibility timeout",
                        task.taskKey(), listed.getKey(), listed.getValue());
                return Outcome.INPUT_MISSING;
            }
            if (!record.get().event().tenantId().equals(tenant)) {
                reject(message, "the " + listed.getKey() + " at " + listed.getValue() + " is a record of another tenant, not "
                        + tenant + "'s");
                return Outcome.REJECTED;
            }
            records.put(listed.getKey(), record.get());
        }
        var extension = heartbeat.scheduleAtFixedRate(() -> extend(message), visibility.toMillis() / 3,
                Math.max(1, visibility.toMillis() / 3), TimeUnit.MILLISECONDS);
        TracedRuns.Ran ran = null;
        try {
            ran = runs.run(task, new TaskInput(trigger.get(), records), handler);
            if (ran.failure() != null) {
                throw ran.failure();
            }
            writer.write(Event.create(clock.instant(), task.tenantId(), task.incidentId(), task.cycle(), ran.output(),
                    producer(task), task.taskKey(), task.taskEventId()));
            afterOutput.written(task);
        } catch (Exception e) {
            extension.cancel(false);
            int receives = Integer.parseInt(message.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
            boolean retryable = !(e instanceof UnworkableTask);
            var error = retryable ? e.getClass().getSimpleName() + ": " + e.getMessage() : e.getMessage();
            LOG.warn("task {} failed on receive {}{}: {}", task.taskKey(), receives, retryable ? "" : " (retrying cannot mend it)",
                    error);
            writer.write(Event.create(clock.instant(), task.tenantId(), task.incidentId(), task.cycle(),
                    new Payload.AgentRunFailed(task.taskKey(), error, retryable, ran == null ? null : ran.traceId()), producer(task),
                    task.taskKey() + "/run-failed/" + receives, task.taskEventId()));
            if (!retryable) {
                delete(message); // the dispatcher abandons the task when it admits the failed run
                return Outcome.UNWORKABLE;
            }
            return Outcome.FAILED; // the message comes back after its visibility timeout, up to the receive budget
        } finally {
            extension.cancel(false);
        }
        delete(message);
        return Outcome.DONE;
    }

    private Event.Agent producer(TaskMessage task) {
        return everyVersion ? new Event.Agent(agent.name(), task.agentVersion()) : agent;
    }

    private void extend(Message message) {
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(queue.url()).receiptHandle(message.receiptHandle())
                    .visibilityTimeout((int) visibility.toSeconds()));
        } catch (RuntimeException e) {
            LOG.warn("could not extend the visibility of a task: {}", e.getMessage());
        }
    }

    /** Not a task: kept in the dead-letter queue for a human, recorded as rejected, and taken off the work queue. */
    private void reject(Message message, String reason) {
        LOG.warn("message {} on {} is not a task: {}", message.messageId(), queue.logicalName(), reason);
        sqs.sendMessage(b -> b.queueUrl(queue.deadLetterUrl()).messageBody(message.body().isEmpty() ? " " : message.body())
                .messageAttributes(Map.of("rejected", MessageAttributeValue.builder().dataType("String")
                        .stringValue(reason.length() > 250 ? reason.substring(0, 250) : reason).build())));
        writer.write(Rejections.ofMessage(queue.logicalName(), message.messageId(), tenant, message.body(), reason,
                clock.instant(), agent));
        delete(message);
    }

    private void delete(Message message) {
        try {
            sqs.deleteMessage(b -> b.queueUrl(queue.url()).receiptHandle(message.receiptHandle()));
        } catch (SqsException e) {
            // The visibility lapsed and another worker took the message: its run decides what is left to do.
            LOG.warn("could not delete message {} (another worker may have it now): {}", message.messageId(),
                    e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
    }
}
