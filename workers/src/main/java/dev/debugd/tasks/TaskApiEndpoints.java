package dev.debugd.tasks;

import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.workqueue.TaskMessage;
import dev.debugd.workqueue.WorkloadTokens;
import io.swagger.v3.oas.annotations.Operation;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The task API (ARCHITECTURE §4) for tenant workloads, which may not read Kafka: {@code GET /v1/tasks/input} serves a
 * record a task lists (its trigger, or one of its inputs) and {@code GET /v1/tasks/state} whether it is settled, to the
 * workload token of the task's tenant and role. Any other task, record or tenant is 404, as if it did not exist.
 */
@RestController
public final class TaskApiEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(TaskApiEndpoints.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The required tasks, as the dispatcher's ledger has them. */
    public interface Ledger {
        Optional<TaskMessage> task(String key) throws SQLException;

        boolean isSettled(String key) throws SQLException;
    }

    /** Reads a timeline record by its position. */
    public interface Records {
        Optional<TimelineRecord> fetch(Payload.RecordPosition position);
    }

    private final WorkloadTokens tokens;
    private final Ledger ledger;
    private final Records records;
    private final EventCodec codec = new EventCodec();

    public TaskApiEndpoints(WorkloadTokens tokens, Ledger ledger, Records records) {
        this.tokens = tokens;
        this.ledger = ledger;
        this.records = records;
    }

    @Operation(summary = "A record a task lists as its trigger or input (a workload token of its tenant and role)")
    @GetMapping(value = "/v1/tasks/input", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> input(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam(required = false) String key, @RequestParam(required = false) String topic,
            @RequestParam(required = false) String partition, @RequestParam(required = false) String offset) throws SQLException {
        var scope = tokens.scopeOfHeader(authorization);
        if (scope.isEmpty()) {
            return error(HttpStatus.UNAUTHORIZED, "a workload token is required: Authorization: Bearer dbw_…");
        }
        if (blank(key) || blank(topic)) {
            return error(HttpStatus.BAD_REQUEST, (blank(key) ? "key" : "topic") + " is required");
        }
        var position = position(topic, partition, offset);
        if (position.isEmpty()) {
            return error(HttpStatus.BAD_REQUEST, "partition and offset must be whole numbers of at least 0");
        }
        var task = ownTask(scope.get(), key);
        if (task.isEmpty() || !lists(task.get(), position.get())) {
            return notFound();
        }
        var record = records.fetch(position.get());
        if (record.isEmpty() || !record.get().event().tenantId().equals(scope.get().tenant())) {
            return notFound();
        }
        var body = JSON.createObjectNode();
        body.put("topic", record.get().topic());
        body.put("partition", record.get().partition());
        body.put("offset", record.get().offset());
        body.put("record_key", record.get().event().recordKey());
        body.set("event", JSON.readTree(new String(codec.encode(record.get().event()), StandardCharsets.UTF_8)));
        return ResponseEntity.ok(body.toString());
    }

    @Operation(summary = "Whether a task is settled (a workload token of its tenant and role)")
    @GetMapping(value = "/v1/tasks/state", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> state(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam(required = false) String key) throws SQLException {
        var scope = tokens.scopeOfHeader(authorization);
        if (scope.isEmpty()) {
            return error(HttpStatus.UNAUTHORIZED, "a workload token is required: Authorization: Bearer dbw_…");
        }
        if (blank(key)) {
            return error(HttpStatus.BAD_REQUEST, "key is required");
        }
        if (ownTask(scope.get(), key).isEmpty()) {
            return notFound();
        }
        return ResponseEntity.ok(JSON.createObjectNode().put("key", key).put("settled", ledger.isSettled(key)).toString());
    }

    /** The task, when it is one of the token's tenant and role. */
    private Optional<TaskMessage> ownTask(WorkloadTokens.Scope scope, String key) throws SQLException {
        var task = ledger.task(key);
        if (task.isPresent() && !(task.get().tenantId().equals(scope.tenant()) && task.get().taskType().equals(scope.role()))) {
            LOG.debug("task API: a token of {} ({}) asked for a task of {} ({})", scope.tenant(), scope.role(),
                    task.get().tenantId(), task.get().taskType());
            return Optional.empty();
        }
        return task;
    }

    private static boolean lists(TaskMessage task, Payload.RecordPosition position) {
        return task.trigger().equals(position) || task.records().containsValue(position);
    }

    private static Optional<Payload.RecordPosition> position(String topic, String partition, String offset) {
        try {
            return Optional.of(new Payload.RecordPosition(topic, Integer.parseInt(partition), Long.parseLong(offset)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static ResponseEntity<String> notFound() {
        return error(HttpStatus.NOT_FOUND, "no such task for this token");
    }

    private static ResponseEntity<String> error(HttpStatus status, String message) {
        var body = new LinkedHashMap<String, String>(Map.of("error", message));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(body));
    }
}
