package dev.debugd.e2e.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The API serves the dashboard that the build put into its jar, from its own origin. */
class DashboardServedTest extends WithIngestServer {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void servesTheDashboardAndItsScript() throws Exception {
        var page = HTTP.send(HttpRequest.newBuilder(server.base.resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as("the dashboard is not in the API's classes: web/build.sh builds it with npm"
                + " (bin/stack up installs Node.js and npm)").isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<div id=\"root\"></div>");
        var script = Pattern.compile("src=\"(/assets/index-[^\"]+\\.js)\"").matcher(page.body());
        assertThat(script.find()).as(page.body()).isTrue();
        var code = HTTP.send(HttpRequest.newBuilder(server.base.resolve(script.group(1))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(code.statusCode()).isEqualTo(200);
        assertThat(code.headers().firstValue("Content-Type").orElse("")).contains("javascript");
        assertThat(code.body()).contains("API token");
    }
}
