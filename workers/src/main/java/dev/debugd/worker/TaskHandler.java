package dev.debugd.worker;

import dev.debugd.timeline.Payload;
import dev.debugd.workqueue.TaskMessage;

/**
 * The work itself: from a task and its input, the payload of the task's output (written by the shell with the key). An
 * input the work cannot use is an {@link UnworkableTask}; any other exception is a failure that may pass, and the task
 * comes back.
 */
public interface TaskHandler {
    Payload handle(TaskMessage task, TaskInput input) throws Exception;
}
