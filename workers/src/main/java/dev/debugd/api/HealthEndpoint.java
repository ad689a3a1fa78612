package dev.debugd.api;

import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import dev.debugd.health.OutageLog;
import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /healthz}: 200 when the servers the API needs answer, 503 naming the one that does not. Why it does not goes
 * to the log (once an outage), not to whoever asks.
 */
@RestController
public final class HealthEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(HealthEndpoint.class);

    private final ClickHouseHttp clickhouse;
    private final DataSource postgres;
    private final OutageLog clickhouseOutage = new OutageLog(LOG, "ClickHouse, for /healthz");
    private final OutageLog postgresOutage = new OutageLog(LOG, "Postgres, for /healthz");

    public HealthEndpoint(ClickHouseHttp clickhouse, DataSource postgres) {
        this.clickhouse = clickhouse;
        this.postgres = postgres;
    }

    @Operation(summary = "200 when ClickHouse and Postgres answer; 503 naming the one that does not")
    @GetMapping("/healthz")
    public ResponseEntity<Map<String, String>> health() throws InterruptedException {
        var status = new LinkedHashMap<String, String>();
        try {
            clickhouse.query("SELECT 1 AS ok");
            status.put("clickhouse", "ok");
            clickhouseOutage.succeeded();
        } catch (Exception e) {
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            status.put("clickhouse", "unavailable");
            clickhouseOutage.failed(e);
        }
        try (var connection = postgres.getConnection(); var statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            status.put("postgres", "ok");
            postgresOutage.succeeded();
        } catch (Exception e) {
            status.put("postgres", "unavailable");
            postgresOutage.failed(e);
        }
        boolean ok = status.values().stream().allMatch("ok"::equals);
        return ResponseEntity.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(status);
    }
}
