package dev.debugd.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.debugd.timeline.Payload;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Task messages and queue settings refuse bad input with a message naming what is wrong. */
class TaskMessageTest {

    private static final TaskMessage TASK = new TaskMessage("acme/inc-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1", "rca",
            "RootCauseProposed", "acme", "inc-1", 1, "1.0.0", new Payload.RecordPosition("debugging.timeline", 3, 41),
            UUID.fromString("0c4b4747-7c8c-3bcb-a340-c6e5082db417"));

    @Test
    void aMessageSurvivesItsBody() {
        assertThat(TaskMessage.parse(TASK.toJson())).isEqualTo(TASK);
        assertThat(TASK.toJson()).contains("\"task_key\":\"acme/inc-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1\"")
                .contains("\"trigger\":{\"topic\":\"debugging.timeline\",\"partition\":3,\"offset\":41}");
    }

    @Test
    void badBodiesAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> TaskMessage.parse("")).hasMessage("the message body is empty");
        assertThatThrownBy(() -> TaskMessage.parse("{\"task_key\": 42, not json")).hasMessageStartingWith("not a task message: ");
        assertThatThrownBy(() -> TaskMessage.parse(TASK.toJson().replace("\"cycle\":1", "\"cycle\":0")))
                .hasMessage("not a task message: cycle must be at least 1");
        assertThatThrownBy(() -> TaskMessage.parse(TASK.toJson().replace("\"agent_version\":\"1.0.0\",", "")))
                .hasMessage("not a task message: agent_version is missing");
        assertThatThrownBy(() -> TaskMessage.parse(TASK.toJson().replace("{\"task_key\"", "{\"extra\":1,\"task_key\"")))
                .hasMessageContaining("not a task message: ").hasMessageContaining("extra");
        assertThatThrownBy(() -> TaskMessage.parse(TASK.toJson().replace("\"partition\":3", "\"partition\":-3")))
                .hasMessage("not a task message: partition and offset must not be negative");
        assertThatThrownBy(() -> TaskMessage.parse(TASK.toJson().replace("\"tenant_id\":\"acme\"", "\"tenant_id\":\"acme-prod\"")))
                .hasMessage("not a task message: task_key 'acme/inc-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1' names another"
                        + " tenant than tenant_id 'acme-prod'");
    }

    @Test
    void queueSettingsAreChecked() {
        assertThat(new WorkQueueSettings("t1-", 3, Duration.ofSeconds(2), Duration.ofSeconds(4)).deadLetterName("acme-rca-tasks"))
                .isEqualTo("t1-acme-rca-tasks-dlq");
        assertThatThrownBy(() -> new WorkQueueSettings("has space", 3, Duration.ofSeconds(2), Duration.ofSeconds(4)))
                .hasMessageContaining("queue prefix 'has space'");
        assertThatThrownBy(() -> new WorkQueueSettings("", 0, Duration.ofSeconds(2), Duration.ofSeconds(4)))
                .hasMessage("receive budget must be between 1 and 1000, got 0");
        assertThatThrownBy(() -> new WorkQueueSettings("", 3, Duration.ofMillis(1500), Duration.ofSeconds(4)))
                .hasMessageStartingWith("visibility timeout must be whole seconds");
        assertThatThrownBy(() -> new WorkQueueSettings("", 3, Duration.ofSeconds(10), Duration.ofSeconds(4)))
                .hasMessageStartingWith("the lease (PT4S) must not be shorter than the visibility timeout");
    }
}
