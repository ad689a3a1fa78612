package dev.debugd.standins.github;

import static dev.debugd.standins.github.GitHubStandInTest.FAULTY;
import static dev.debugd.standins.github.GitHubStandInTest.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/** GitHub's rate limits as the stand-in tells them: the headers of every response, and secondary limits on demand. */
class GitHubStandInRateLimitTest {

    static final String MAIN = "/repos/acme/shop/git/refs/heads/main";

    GitHubStandIn standIn;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        standIn = GitHubStandIn.start(DemoRepository.build(), 0);
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void everyResponseCarriesTheRateLimitHeaders() throws Exception {
        var before = Instant.now().getEpochSecond();
        var responses = List.of(send("GET", "/repos/acme/shop"), send("GET", "/repos/acme/shop/nope"),
                send("DELETE", MAIN), send("POST", "/repos/acme/shop/git/refs"));

        assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 404, 405, 422);
        for (int i = 0; i < responses.size(); i++) {
            var headers = responses.get(i).headers();
            assertThat(headers.firstValue("X-RateLimit-Limit")).contains("5000");
            assertThat(headers.firstValue("X-RateLimit-Used")).contains(Integer.toString(i + 1));
            assertThat(headers.firstValue("X-RateLimit-Remaining")).contains(Integer.toString(5000 - i - 1));
            assertThat(headers.firstValue("X-RateLimit-Resource")).contains("core");
            assertThat(Long.parseLong(headers.firstValue("X-RateLimit-Reset").orElseThrow()))
                    .isBetween(before + 3599, before + 3601);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {403, 429})
    void theNextRequestsOfAnyMethodAreTurnedAwayAsBySecondaryRateLimits(int status) throws Exception {
        standIn.failNext(2, status, Duration.ofSeconds(30));

        var refused = List.of(send("POST", "/repos/acme/shop/pulls"), send("GET", MAIN));
        var served = send("GET", MAIN);

        for (var response : refused) {
            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(response.headers().firstValue("Retry-After")).contains("30");
            assertThat(response.headers().firstValue("X-RateLimit-Remaining")).isPresent();
            var body = JSON.readTree(response.body());
            assertThat(body.get("message").asString()).startsWith("You have exceeded a secondary rate limit.");
            assertThat(body.get("documentation_url").asString()).contains("secondary-rate-limits");
        }
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Retry-After")).isEmpty();
        assertThat(standIn.requests()).containsExactly(new GitHubStandIn.Request("POST", "/repos/acme/shop/pulls"),
                new GitHubStandIn.Request("GET", MAIN), new GitHubStandIn.Request("GET", MAIN));
    }

    @ParameterizedTest
    @ValueSource(ints = {403, 429})
    void hub4jSeesTheLimitAndFailsAsItsHandlerSays(int status) throws Exception {
        var repo = connect(GitHubAbuseLimitHandler.FAIL);
        standIn.failNext(1, status, Duration.ofSeconds(30));

        assertThatThrownBy(() -> repo.getRef("heads/main"))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(status));
        assertThat(repo.getRef("heads/main").getObject().getSha()).isEqualTo(FAULTY);
    }

    @Test
    void hub4jBacksOffAsTheRetryAfterSaysAndTriesAgain() throws Exception {
        var waits = new CopyOnWriteArrayList<String>();
        var repo = connect(new GitHubAbuseLimitHandler() {
            @Override
            public void onError(GitHubConnectorResponse response) {
                waits.add(response.header("Retry-After")); // instead of sleeping, as GitHubAbuseLimitHandler.WAIT would
            }
        });
        standIn.failNext(2, 429, Duration.ofSeconds(7));

        var ref = repo.getRef("heads/main");

        assertThat(ref.getObject().getSha()).isEqualTo(FAULTY);
        assertThat(waits).containsExactly("7", "7");
        var requests = standIn.requests();
        assertThat(requests.subList(requests.size() - 3, requests.size())).containsOnly(new GitHubStandIn.Request("GET", MAIN));
    }

    private GHRepository connect(GitHubAbuseLimitHandler abuseLimitHandler) throws IOException {
        return new GitHubBuilder().withEndpoint(standIn.apiUrl().toString()).withRateLimitHandler(GitHubRateLimitHandler.FAIL)
                .withAbuseLimitHandler(abuseLimitHandler).build().getRepository("acme/shop");
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(standIn.apiUrl() + path))
                .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
