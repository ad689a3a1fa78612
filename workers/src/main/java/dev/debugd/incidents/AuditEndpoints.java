package dev.debugd.incidents;

import dev.debugd.access.ApiTokens;
import dev.debugd.access.AuditTrail;
import dev.debugd.access.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/audit}: the token's tenant's audit trail, newest first (token changes and the facts people recorded),
 * {@code limit} (1-500, 100) entries older than entry {@code before}; {@code next_before} continues it.
 */
@RestController
public final class AuditEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(AuditEndpoints.class);

    private final ApiTokens tokens;
    private final AuditTrail audit;

    public AuditEndpoints(ApiTokens tokens, AuditTrail audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    @Operation(summary = "The tenant's audit trail, newest first (scope read)", parameters = {
        @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Entries, 1-500 (default 100)"),
        @Parameter(name = "before", in = ParameterIn.QUERY, description = "Entries older than this one (the next_before of the page before)")})
    @GetMapping(value = "/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> list(HttpServletRequest request) {
        var authorization = tokens.authorize(request.getHeader(HttpHeaders.AUTHORIZATION), Scope.READ);
        if (!authorization.granted()) {
            return JsonAnswers.refused(authorization);
        }
        long limit = JsonAnswers.wholeNumber(request.getParameter("limit"), 100);
        long before = JsonAnswers.wholeNumber(request.getParameter("before"), 0);
        if (limit < 1 || limit > 500 || before < 0) {
            return JsonAnswers.error(HttpStatus.BAD_REQUEST,
                    "limit must be a whole number from 1 to 500 and before a whole number of at least 0");
        }
        try {
            var entries = audit.list(authorization.caller().tenant(), (int) limit, before);
            var body = JsonAnswers.JSON.createObjectNode();
            var array = body.putArray("entries");
            for (var entry : entries) {
                var node = array.addObject().put("id", entry.id()).put("at", entry.at().toString()).put("actor", entry.actor())
                        .put("action", entry.action()).put("subject", entry.subject());
                var detail = node.putObject("detail");
                entry.detail().forEach(detail::put);
            }
            if (entries.size() == limit) {
                body.put("next_before", entries.get(entries.size() - 1).id());
            } else {
                body.putNull("next_before");
            }
            return JsonAnswers.json(HttpStatus.OK, body);
        } catch (SQLException e) {
            LOG.warn("audit: the audit trail is unavailable: {}", e.getMessage());
            return JsonAnswers.error(HttpStatus.SERVICE_UNAVAILABLE, "the audit trail is unavailable; retry");
        }
    }
}
