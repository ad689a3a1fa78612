package dev.debugd.incidents;

import dev.debugd.access.ApiTokens;
import dev.debugd.access.Scope;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/stream}: server-sent events of the token's tenant's incidents as the read model receives them, so an
 * open page sees a new timeline event without reloading. Each {@code timeline} event names the incident, the event's
 * type, cycle and time; its id is a position to resume from ({@code Last-Event-ID}, as browsers send on reconnecting).
 * A {@code ready} event says the stream caught up; a {@code reset} event that the read model was rebuilt (or more was
 * missed than is sent on reconnecting): the page reloads what it shows.
 */
@RestController
public final class StreamEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(StreamEndpoints.class);
    private static final JsonMapper JSON = JsonAnswers.JSON;
    /** A stream ends after this; browsers reconnect with their last id. */
    private static final Duration OPEN_FOR = Duration.ofMinutes(10);

    private final ApiTokens tokens;
    private final LiveUpdates live;

    public StreamEndpoints(ApiTokens tokens, LiveUpdates live) {
        this.tokens = tokens;
        this.live = live;
    }

    @Operation(summary = "Server-sent events of the tenant's incidents: timeline, ready, reset (scope read; resume with"
            + " Last-Event-ID)")
    @GetMapping("/v1/stream")
    public Object stream(HttpServletRequest request) {
        var authorization = tokens.authorize(request.getHeader(HttpHeaders.AUTHORIZATION), Scope.READ);
        if (!authorization.granted()) {
            return JsonAnswers.refused(authorization);
        }
        var tenant = authorization.caller().tenant();
        var emitter = new SseEmitter(OPEN_FOR.toMillis());
        var follower = new LiveUpdates.Follower() {
            @Override
            public String tenant() {
                return tenant;
            }

            @Override
            public boolean send(LiveUpdates.Position position, LiveUpdates.Update update) {
                var data = JSON.createObjectNode().put("incident_id", update.incidentId()).put("event_type", update.eventType())
                        .put("cycle", update.cycle()).put("time", update.time().toString()).put("event_id", update.eventId());
                return sent(emitter, SseEmitter.event().id(position.text()).name("timeline").data(JSON.writeValueAsString(data)));
            }

            @Override
            public boolean reset(LiveUpdates.Position position) {
                return sent(emitter, SseEmitter.event().id(position.text()).name("reset").data("{}"));
            }

            @Override
            public void end() {
                emitter.complete();
            }
        };
        emitter.onCompletion(() -> live.unfollow(follower));
        emitter.onTimeout(() -> live.unfollow(follower));
        emitter.onError(e -> live.unfollow(follower));
        try {
            var start = live.follow(follower, LiveUpdates.Position.parse(request.getHeader("Last-Event-ID")));
            sent(emitter, SseEmitter.event().id(start.text()).name("ready").data("{}"));
        } catch (SQLException e) {
            LOG.warn("stream: the read model is unavailable: {}", e.getMessage());
            return JsonAnswers.error(HttpStatus.SERVICE_UNAVAILABLE, "the read model is unavailable; retry");
        }
        return emitter;
    }

    private static boolean sent(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
            return true;
        } catch (IOException | IllegalStateException e) {
            return false; // the client went away
        }
    }
}
