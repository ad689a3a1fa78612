package dev.debugd.workqueue;

import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of a task's SQS message: the key and where the trigger sits in Kafka, never the input itself (bodies
 * stop at 256 KiB; a context can be 1 MiB). Everything else a worker needs is read by position.
 */
public record TaskMessage(String taskKey, String taskType, String output, String tenantId, String incidentId, int cycle,
        String agentVersion, Payload.RecordPosition trigger, UUID taskEventId, Map<String, Payload.RecordPosition> records) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public TaskMessage {
        for (var field : new String[][] {{taskKey, "task_key"}, {taskType, "task_type"}, {output, "output"}, {tenantId, "tenant_id"},
            {incidentId, "incident_id"}, {agentVersion, "agent_version"}}) {
            if (field[0] == null || field[0].isBlank()) {
                throw new IllegalArgumentException(field[1] + " is missing");
            }
        }
        if (!taskKey.startsWith(tenantId + "/")) {
            throw new IllegalArgumentException("task_key '" + taskKey + "' names another tenant than tenant_id '" + tenantId + "'");
        }
        if (cycle < 1) {
            throw new IllegalArgumentException("cycle must be at least 1");
        }
        if (trigger == null) {
            throw new IllegalArgumentException("trigger is missing");
        }
        if (taskEventId == null) {
            throw new IllegalArgumentException("task_event_id is missing");
        }
        records = records == null ? Map.of() : Map.copyOf(records);
    }

    /** A task whose worker needs its trigger only. */
    public TaskMessage(String taskKey, String taskType, String output, String tenantId, String incidentId, int cycle,
            String agentVersion, Payload.RecordPosition trigger, UUID taskEventId) {
        this(taskKey, taskType, output, tenantId, incidentId, cycle, agentVersion, trigger, taskEventId, Map.of());
    }

    /** The message for a recorded TaskRequested. */
    public static TaskMessage of(Event taskRequested) {
        if (!(taskRequested.payload() instanceof Payload.TaskRequested task)) {
            throw new IllegalArgumentException("not a TaskRequested: " + taskRequested.eventType());
        }
        var version = task.inputs().get("agent_version");
        return new TaskMessage(task.taskKey(), task.taskType(), task.inputs().get("output"), taskRequested.tenantId(), taskRequested.incidentId(),
                taskRequested.cycle(), version, task.trigger(), taskRequested.eventId(), task.records());
    }

    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    /** Reads a body; a body that is not a task message is refused with a message naming what is wrong. */
    public static TaskMessage parse(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("the message body is empty");
        }
        try {
            return JSON.readValue(body, TaskMessage.class);
        } catch (JacksonException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IllegalArgumentException) {
                    throw new IllegalArgumentException("not a task message: " + t.getMessage());
                }
            }
            var message = e.getOriginalMessage();
            int newline = message.indexOf('\n');
            throw new IllegalArgumentException("not a task message: " + (newline < 0 ? message : message.substring(0, newline)));
        }
    }
}
