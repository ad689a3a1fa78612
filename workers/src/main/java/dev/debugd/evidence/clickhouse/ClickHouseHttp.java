package dev.debugd.evidence.clickhouse;

import dev.debugd.config.Endpoints;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ClickHouse's HTTP interface (ARCHITECTURE §7: the official clients refuse the 18.16 server we can run here):
 * statements in the URL, rows as JSONEachRow in the body and in answers, never `compress=1`. Small on purpose.
 * Every request logs in with the X-ClickHouse-User and X-ClickHouse-Key headers (18.16 and current releases read
 * them), never with credentials in the URL, where proxies' access logs would keep them.
 */
public final class ClickHouseHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Endpoints.ClickHouse server;
    private final String database;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    /** A failed statement, with the server's own first line of explanation. */
    public static final class ClickHouseException extends IOException {
        public ClickHouseException(String message) {
            super(message);
        }
    }

    public ClickHouseHttp(Endpoints.ClickHouse server, String database) {
        this.server = server;
        this.database = ClickHouseSql.identifier(database);
    }

    /** Runs a statement that returns nothing (DDL, INSERT … SELECT). */
    public void execute(String sql) throws IOException, InterruptedException {
        post(null, sql);
    }

    /** Inserts rows given as JSON objects, one per line, in one request. */
    public void insert(String table, List<String> jsonRows) throws IOException, InterruptedException {
        if (jsonRows.isEmpty()) {
            return;
        }
        post("INSERT INTO " + ClickHouseSql.identifier(table) + " FORMAT JSONEachRow", String.join("\n", jsonRows));
    }

    /** The rows a query returns, as JSON objects (the query gets FORMAT JSONEachRow appended). */
    public List<JsonNode> query(String sql) throws IOException, InterruptedException {
        var body = post(null, sql + " FORMAT JSONEachRow");
        var rows = new ArrayList<JsonNode>();
        for (var line : body.split("\n")) {
            if (!line.isBlank()) {
                rows.add(json.readTree(line));
            }
        }
        return rows;
    }

    /**
     * POSTs a request: the statement in the body (no URL length limit for long literals), or for an insert the
     * statement in the URL and the rows in the body.
     */
    private String post(String urlQuery, String body) throws IOException, InterruptedException {
        var uri = server.url() + "/?database=" + database;
        if (urlQuery != null) {
            uri += "&query=" + URLEncoder.encode(urlQuery, StandardCharsets.UTF_8);
        }
        var request = HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT).header("X-ClickHouse-User", server.user());
        if (!server.password().isEmpty()) {
            request.header("X-ClickHouse-Key", server.password());
        }
        request.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            var first = response.body().strip().lines().findFirst().orElse("(no body)");
            if (response.statusCode() == 401) {
                // The server's line says whether the user is unknown or the password wrong; it never repeats the password.
                throw new ClickHouseException("ClickHouse at " + server.url() + " refused the login of user '" + server.user()
                        + "' (HTTP 401: " + first + "); set CLICKHOUSE_USER and CLICKHOUSE_PASSWORD to a user of that server"
                        + " and its password");
            }
            throw new ClickHouseException("ClickHouse answered HTTP " + response.statusCode() + ": " + first);
        }
        return response.body();
    }
}
