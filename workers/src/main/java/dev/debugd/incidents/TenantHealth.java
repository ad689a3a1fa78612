package dev.debugd.incidents;

import dev.debugd.config.ConfigHistory;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.EventType;
import dev.debugd.timeline.Payload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's resources as its configuration facts recorded them, each with its health over recent events: an agent by
 * its outputs, failed runs and abandoned tasks; an integration by its pull requests and failed tasks. Pure.
 */
public final class TenantHealth {

    /**
     * {@code IDLE}: nothing in the window; {@code HEALTHY}: outputs and no problems; {@code DEGRADED}: problems, with an
     * output after the last abandoned task; {@code FAILING}: a task abandoned and no output since.
     */
    public enum Status { IDLE, HEALTHY, DEGRADED, FAILING }

    public record Health(Status status, int outputs, int failedRuns, int abandonedTasks, Instant lastOutputAt, String lastProblem) {}

    public record Profile(String name, String agent, String version, String provider, String model, long generation, Health health) {}

    public record Integration(String name, String type, String repository, long generation, Health health) {}

    public record Report(String tenant, boolean configured, long generation, List<Profile> profiles, List<Integration> integrations) {}

    /** The events health is told from. */
    public static final Set<String> EVENT_TYPES = Set.of(EventType.ROOT_CAUSE_PROPOSED.wireName(), EventType.FIX_DRAFTED.wireName(),
            EventType.INSTRUMENTATION_PROPOSED.wireName(), EventType.EVALUATION_COMPLETED.wireName(),
            EventType.FIX_PROPOSED.wireName(), EventType.INSTRUMENTATION_PULL_REQUEST_OPENED.wireName(),
            EventType.AGENT_RUN_FAILED.wireName(), EventType.TASK_ABANDONED.wireName());

    /** Each task type's outputs (a task type is an agent's, or "github" for the GitHub integration worker). */
    private static final Map<String, Set<EventType>> OUTPUTS = Map.of(
            "rca", Set.of(EventType.ROOT_CAUSE_PROPOSED),
            "fix", Set.of(EventType.FIX_DRAFTED),
            "instrumentation", Set.of(EventType.INSTRUMENTATION_PROPOSED),
            "evaluation", Set.of(EventType.EVALUATION_COMPLETED),
            "github", Set.of(EventType.FIX_PROPOSED, EventType.INSTRUMENTATION_PULL_REQUEST_OPENED));

    private TenantHealth() {}

    /** @param recent the tenant's events of {@link #EVENT_TYPES} in the window health looks at, in time order */
    public static Report of(String tenant, ConfigHistory history, List<Event> recent) {
        var profiles = new ArrayList<Profile>();
        var integrations = new ArrayList<Integration>();
        long generation = 0;
        boolean configured = false;
        for (var entry : history.latestRecorded().entrySet()) {
            var kind = entry.getKey().substring(0, entry.getKey().indexOf('/'));
            var name = entry.getKey().substring(entry.getKey().indexOf('/') + 1);
            var recorded = entry.getValue();
            var content = recorded.content();
            if (content == null || content.isNull()) {
                continue; // deleted
            }
            switch (kind) {
                case ConfigHistory.KIND_TENANT -> {
                    configured = true;
                    generation = recorded.generation();
                }
                case ConfigHistory.KIND_INTEGRATION -> {
                    var type = content.path("type").asString("");
                    integrations.add(new Integration(name, type, content.path("repository").asString(""), recorded.generation(),
                            health(type, recent)));
                }
                default -> {
                    var agent = content.path("agent").asString("");
                    var setting = content.path("setting");
                    profiles.add(new Profile(name, agent, content.path("version").asString(""),
                            setting.isObject() ? setting.path("provider").asString("builtin") : "builtin",
                            setting.isObject() && setting.hasNonNull("model") ? setting.path("model").asString() : null,
                            recorded.generation(), health(agent, recent)));
                }
            }
        }
        profiles.sort(Comparator.comparing(Profile::name));
        integrations.sort(Comparator.comparing(Integration::name));
        return new Report(tenant, configured, generation, List.copyOf(profiles), List.copyOf(integrations));
    }

    private static Health health(String taskType, List<Event> recent) {
        var outputs = OUTPUTS.getOrDefault(taskType, Set.of());
        int produced = 0;
        int failed = 0;
        int abandoned = 0;
        Instant lastOutput = null;
        Instant lastAbandoned = null;
        String lastProblem = null;
        for (var event : recent) {
            var payload = event.payload();
            if (outputs.contains(EventType.of(payload))) {
                produced++;
                lastOutput = event.time();
            } else if (payload instanceof Payload.AgentRunFailed run && taskTypeOf(run.taskKey()).equals(Optional.of(taskType))) {
                failed++;
                lastProblem = "a run failed: " + run.error();
            } else if (payload instanceof Payload.TaskAbandoned task && task.taskType().equals(taskType)) {
                abandoned++;
                lastAbandoned = event.time();
                lastProblem = "task " + task.taskKey() + " abandoned: " + task.reason();
            }
        }
        Status status;
        if (produced + failed + abandoned == 0) {
            status = Status.IDLE;
        } else if (lastAbandoned != null && (lastOutput == null || lastOutput.isBefore(lastAbandoned))) {
            status = Status.FAILING;
        } else if (failed + abandoned > 0) {
            status = Status.DEGRADED;
        } else {
            status = Status.HEALTHY;
        }
        return new Health(status, produced, failed, abandoned, lastOutput, lastProblem);
    }

    /** The task type a task key's output belongs to: "tenant/incident/Output/Trigger/version/cycle-n". */
    private static Optional<String> taskTypeOf(String taskKey) {
        var parts = taskKey.split("/");
        if (parts.length < 3) {
            return Optional.empty();
        }
        var output = EventType.fromWireName(parts[2]);
        return OUTPUTS.entrySet().stream().filter(e -> output.isPresent() && e.getValue().contains(output.get()))
                .map(Map.Entry::getKey).findFirst();
    }
}
