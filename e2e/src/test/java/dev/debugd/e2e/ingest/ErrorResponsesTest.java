package dev.debugd.e2e.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.debugd.api.ErrorResponses;
import dev.debugd.config.Endpoints;
import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** What a caller of the API sees when something fails: a sentence for them, an id for the log, never the exception. */
class ErrorResponsesTest extends WithIngestServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** What the failing timeline says: internals a caller must never see. */
    private static final String INTERNALS = "broker 127.0.0.1:29092 refused sasl.jaas.config password=\"s3cret\"";

    @Test
    void aHandlerThatThrowsAnswersWithAnIdForTheLogAndNothingOfTheException() throws Exception {
        var log = new ListAppender<ILoggingEvent>();
        log.start();
        var logger = (Logger) LoggerFactory.getLogger(ErrorResponses.class);
        logger.addAppender(log);
        try {
            var api = server.start(server.clickhouse, events -> {
                throw new UnsupportedOperationException(INTERNALS);
            });
            var base = URI.create("http://127.0.0.1:" + api.port());
            var response = server.post(base, "/v1/incidents", HttpRequest.BodyPublishers.ofString(
                    "{\"service\": \"checkout\", \"title\": \"Payments fail\", \"client_request_id\": \"ui-1\"}"),
                    "Authorization", server.personBearer());
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).doesNotContain("s3cret", "sasl", "29092", "UnsupportedOperationException", "Exception",
                    "dev.debugd", "\tat ", "trace");
            var body = JSON.readTree(response.body());
            assertThat(body.propertyNames()).containsExactly("error", "error_id");
            assertThat(body.get("error").asString()).startsWith("the request failed on the server");
            var id = body.get("error_id").asString();
            assertThat(log.list).singleElement().satisfies(line -> {
                assertThat(line.getFormattedMessage()).isEqualTo("error " + id + ": POST /v1/incidents failed");
                assertThat(line.getThrowableProxy().getMessage()).isEqualTo(INTERNALS);
            });
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void theFrameworksOwnRefusalsSayNoMoreThanTheStatus() throws Exception {
        var http = HttpClient.newHttpClient();
        var missing = http.send(HttpRequest.newBuilder(server.base.resolve("/v1/nothing-here")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("error").asString()).isEqualTo("Not Found: GET /v1/nothing-here");
        var wrongMethod = http.send(HttpRequest.newBuilder(server.base.resolve("/v1/ingest")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).isEqualTo("{\"error\":\"Method Not Allowed: GET /v1/ingest\"}");
    }

    @Test
    void healthNamesTheServerThatIsDownAndNotWhy() throws Exception {
        var api = server.start(new ClickHouseHttp(new Endpoints.ClickHouse(URI.create("http://127.0.0.1:9"), "default", ""), "nowhere"));
        var health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/healthz"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).isEqualTo("{\"clickhouse\":\"unavailable\",\"postgres\":\"ok\"}");
    }
}
