package dev.debugd.workqueue;

import dev.debugd.timeline.Decoding;
import dev.debugd.timeline.EventCodec;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.TimelineRecord;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tenant workload's task input, read from the task API of the API role with the workload's token (ARCHITECTURE
 * §4): the trigger and the records its task lists, and whether the task is settled. The workload needs no Kafka read
 * access and no database. The token is sent, never logged.
 */
public final class HttpTaskInputs implements TaskInputs {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI api;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final EventCodec codec = new EventCodec();

    /** @param api the API role's base URL, e.g. {@code http://debugd-api.debugd.svc:80} */
    public HttpTaskInputs(URI api, String token) {
        this.api = URI.create(api.toString().replaceAll("/+$", "") + "/");
        this.token = token;
    }

    @Override
    public Optional<TimelineRecord> trigger(TaskMessage task) {
        return record(task, task.trigger());
    }

    @Override
    public Optional<TimelineRecord> record(TaskMessage task, Payload.RecordPosition position) {
        var response = get("v1/tasks/input?key=" + encode(task.taskKey()) + "&topic=" + encode(position.topic())
                + "&partition=" + position.partition() + "&offset=" + position.offset());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        var body = JSON.readTree(response.body());
        var key = body.path("record_key").asString();
        var decoded = codec.decode(key, body.path("event").toString().getBytes(StandardCharsets.UTF_8));
        if (!(decoded instanceof Decoding.Decoded event)) {
            throw new IllegalStateException("the task API sent a record that does not decode: " + ((Decoding.Rejected) decoded).reason());
        }
        return Optional.of(new TimelineRecord(event.event(), body.path("topic").asString(), body.path("partition").asInt(),
                body.path("offset").asLong()));
    }

    @Override
    public boolean isSettled(TaskMessage task) {
        var response = get("v1/tasks/state?key=" + encode(task.taskKey()));
        if (response.statusCode() == 404) {
            throw new IllegalStateException("the task API does not know task " + task.taskKey() + " for this workload's token");
        }
        return JSON.readTree(response.body()).path("settled").asBoolean();
    }

    private HttpResponse<String> get(String path) {
        var request = HttpRequest.newBuilder(api.resolve(path)).timeout(TIMEOUT).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the task API at " + api + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the task API", e);
        }
        if (response.statusCode() == 401) {
            throw new IllegalStateException("the task API at " + api + " refused this workload's token (401): is"
                    + " DEBUGD_TASK_API_TOKEN the one in the workload's Secret?");
        }
        if (response.statusCode() != 200 && response.statusCode() != 404) {
            throw new IllegalStateException("the task API at " + api + " answered " + response.statusCode());
        }
        return response;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
