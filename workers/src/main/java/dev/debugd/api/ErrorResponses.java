package dev.debugd.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;

/**
 * What a caller sees when a request fails outside what an endpoint answers itself: a sentence written for the caller,
 * never an exception's class, message or stack trace. A failure on the server's side also carries an id, which names
 * the log line that has the whole exception.
 */
@RestControllerAdvice
public final class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Map<String, String>> failed(Exception e, HttpServletRequest request) {
        if (e instanceof AsyncRequestNotUsableException || e instanceof AsyncRequestTimeoutException) {
            // A live stream's client went away, or the stream reached its end: nobody to answer, nothing failed.
            return null;
        }
        var body = new LinkedHashMap<String, String>();
        if (e instanceof ErrorResponse refused && refused.getStatusCode().is4xxClientError()) {
            // The framework's own refusals (no such path, method or media type): the status says it all.
            var status = HttpStatus.valueOf(refused.getStatusCode().value());
            body.put("error", status.getReasonPhrase() + ": " + request.getMethod() + " " + request.getRequestURI());
            return ResponseEntity.status(status).headers(refused.getHeaders()).body(body);
        }
        var id = UUID.randomUUID().toString();
        LOG.error("error {}: {} {} failed", id, request.getMethod(), request.getRequestURI(), e);
        body.put("error", "the request failed on the server; nothing it asked for can be taken as done. Retry, or report"
                + " the error_id, which names the server's log line");
        body.put("error_id", id);
        return ResponseEntity.internalServerError().body(body);
    }
}
