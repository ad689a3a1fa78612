package dev.debugd.incidents;

import dev.debugd.access.ApiTokens;
import dev.debugd.access.Scope;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/session}: who the token is (its tenant, name and scopes) and where an agent run's trace is seen, so the
 * dashboard shows a person's actions only to a token that may act, and links each run to its trace.
 */
@RestController
public final class SessionEndpoints {

    private final ApiTokens tokens;
    private final Optional<TraceLinks> traces;

    public SessionEndpoints(ApiTokens tokens, Optional<TraceLinks> traces) {
        this.tokens = tokens;
        this.traces = traces;
    }

    @Operation(summary = "The token's tenant, name and scopes, and the trace URL template ({trace_id}) when one is configured"
            + " (scope read)")
    @GetMapping(value = "/v1/session", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> session(HttpServletRequest request) {
        var authorization = tokens.authorize(request.getHeader(HttpHeaders.AUTHORIZATION), Scope.READ);
        if (!authorization.granted()) {
            return JsonAnswers.refused(authorization);
        }
        var caller = authorization.caller();
        var body = JsonAnswers.JSON.createObjectNode().put("tenant", caller.tenant()).put("name", caller.name())
                .put("trace_url", traces.map(TraceLinks::template).orElse(null));
        var scopes = body.putArray("scopes");
        caller.scopes().stream().map(scope -> scope.name().toLowerCase(Locale.ROOT)).sorted().forEach(scopes::add);
        return JsonAnswers.json(HttpStatus.OK, body);
    }
}
