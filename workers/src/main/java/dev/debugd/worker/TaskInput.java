package dev.debugd.worker;

import dev.debugd.timeline.TimelineRecord;
import java.util.Map;
import java.util.Optional;

/** What a task's worker is given: its trigger, and the records its task lists by name ("context", "root_cause", "draft"). */
public record TaskInput(TimelineRecord trigger, Map<String, TimelineRecord> records) {

    public TaskInput {
        records = Map.copyOf(records);
    }

    public Optional<TimelineRecord> record(String name) {
        return Optional.ofNullable(records.get(name));
    }
}
