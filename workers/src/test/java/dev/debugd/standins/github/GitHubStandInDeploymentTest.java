package dev.debugd.standins.github;

import static dev.debugd.standins.github.GitHubStandInTest.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.debugd.standins.github.GitHubStandInPullRequestTest.WebhookReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHDeployment;
import org.kohsuke.github.GHDeploymentState;
import org.kohsuke.github.GHDeploymentStatus;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import tools.jackson.databind.JsonNode;

/** A release deployed: GitHub's {@code deployment_status} webhook about it, and the deployments API reading it back. */
class GitHubStandInDeploymentTest {

    static final String SECRET = "It's a Secret to Everybody";

    DemoRepository repository;
    GitHubStandIn standIn;
    GHRepository repo;
    WebhookReceiver receiver;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        repository = DemoRepository.build();
        standIn = GitHubStandIn.start(repository, 0);
        repo = new GitHubBuilder().withEndpoint(standIn.apiUrl().toString())
                .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
                .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
                .build().getRepository("acme/shop");
        receiver = WebhookReceiver.start();
        standIn.deliverWebhooksTo(receiver.url(), SECRET);
    }

    @AfterEach
    void stop() {
        standIn.close();
        receiver.close();
    }

    @Test
    void aDeploymentIsDeliveredAsGitHubsDeploymentStatusWebhook() throws Exception {
        var before = Instant.now().minusSeconds(1);

        var deployment = standIn.deploy(repository.faultyRelease(), "production");

        assertThat(deployment.id()).isEqualTo(1);
        assertThat(deployment.statusId()).isEqualTo(1);
        assertThat(deployment.sha()).isEqualTo(repository.faultyRelease());
        assertThat(deployment.environment()).isEqualTo("production");
        assertThat(deployment.at()).isBetween(before, Instant.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
        var delivery = receiver.received().get(0);
        assertThat(delivery.header("X-GitHub-Event")).isEqualTo("deployment_status");
        assertThat(delivery.header("X-Hub-Signature-256")).isEqualTo(hmacSha256(SECRET, delivery.body()));
        var event = JSON.readTree(delivery.body());
        assertThat(event.get("action").asString()).isEqualTo("created");
        var deployed = event.get("deployment");
        assertThat(deployed.get("id").asLong()).isEqualTo(1);
        assertThat(deployed.get("sha").asString()).isEqualTo(repository.faultyRelease());
        assertThat(deployed.get("ref").asString()).as("the faulty release is main's head").isEqualTo("main");
        assertThat(deployed.get("environment").asString()).isEqualTo("production");
        assertThat(deployed.get("created_at").asString()).isEqualTo(deployment.at().toString());
        assertThat(deployed.get("url").asString()).isEqualTo(standIn.apiUrl() + "/repos/acme/shop/deployments/1");
        assertThat(deployed.get("statuses_url").asString())
                .isEqualTo(standIn.apiUrl() + "/repos/acme/shop/deployments/1/statuses");
        var status = event.get("deployment_status");
        assertThat(status.get("id").asLong()).isEqualTo(1);
        assertThat(status.get("state").asString()).isEqualTo("success");
        assertThat(status.get("environment").asString()).isEqualTo("production");
        assertThat(status.get("deployment_url").asString()).isEqualTo(deployed.get("url").asString());
        assertThat(status.get("url").asString()).isEqualTo(standIn.apiUrl() + "/repos/acme/shop/deployments/1/statuses/1");
        assertThat(event.get("repository").get("full_name").asString()).isEqualTo(repository.name());
        assertThat(event.get("repository").get("owner").get("login").asString()).isEqualTo("acme");
        GitHubStandInTest.assertHasEveryKey("event", event, resource("webhooks/deployment_status.created.payload.json"));
        assertThat(new String(delivery.body(), StandardCharsets.UTF_8)).as("the example's repository, moved to the stand-in")
                .doesNotContain("Codertocat", "Hello-World", "https://api.github.com", "https://github.com");
        await().atMost(Duration.ofSeconds(10)).until(() -> standIn.webhookDeliveries().size() == 1);
        var recorded = standIn.webhookDeliveries().get(0);
        assertThat(recorded.event()).isEqualTo("deployment_status");
        assertThat(recorded.action()).isEqualTo("created");
        assertThat(recorded.status()).hasValue(200);
    }

    @Test
    void deploymentsAreReadBackNewestFirstAndFiltered() throws Exception {
        standIn.deploy(repository.previousRelease(), "staging");
        standIn.deploy(repository.faultyRelease(), "production");

        assertThat(repo.listDeployments(null, null, null, null).toList()).extracting(GHDeployment::getId)
                .containsExactly(2L, 1L);
        var production = repo.listDeployments(repository.faultyRelease(), null, null, "production").toList();
        assertThat(production).singleElement().satisfies(deployment -> {
            assertThat(deployment.getId()).isEqualTo(2);
            assertThat(deployment.getSha()).isEqualTo(repository.faultyRelease());
            assertThat(deployment.getRef()).isEqualTo("main");
            assertThat(deployment.getTask()).isEqualTo("deploy");
            assertThat(deployment.getEnvironment()).isEqualTo("production");
            assertThat(deployment.isProductionEnvironment()).isTrue();
        });
        var staging = repo.listDeployments(null, null, null, "staging").toList();
        assertThat(staging).singleElement().satisfies(deployment -> {
            assertThat(deployment.getSha()).isEqualTo(repository.previousRelease());
            assertThat(deployment.getRef()).as("no branch's head: its SHA").isEqualTo(repository.previousRelease());
            assertThat(deployment.isProductionEnvironment()).isFalse();
        });
        assertThat(repo.listDeployments(repository.faultyRelease(), null, null, "staging").toList()).isEmpty();
        assertThat(production.get(0).listStatuses().toList()).singleElement().satisfies(status -> {
            assertThat(status.getId()).isEqualTo(2);
            assertThat(status.getState()).isEqualTo(GHDeploymentState.SUCCESS);
        });
        assertThat(staging.get(0).listStatuses().toList()).extracting(GHDeploymentStatus::getId).containsExactly(1L);

        var list = get("/repos/acme/shop/deployments");
        assertThat(list.statusCode()).isEqualTo(200);
        GitHubStandInTest.assertHasEveryKey("deployments", JSON.readTree(list.body()).get(0),
                resource("shapes/repos-list-deployments.default.json").get(0));
        var statuses = get("/repos/acme/shop/deployments/1/statuses");
        assertThat(statuses.statusCode()).isEqualTo(200);
        GitHubStandInTest.assertHasEveryKey("statuses", JSON.readTree(statuses.body()).get(0),
                resource("shapes/repos-list-deployment-statuses.default.json").get(0));
        assertThat(list.body() + statuses.body()).doesNotContain("https://api.github.com", "https://github.com", "octocat");
        assertThat(get("/repos/acme/shop/deployments/3/statuses").statusCode()).isEqualTo(404);
    }

    @Test
    void anUnknownCommitIsNotDeployed() throws Exception {
        assertThatThrownBy(() -> standIn.deploy("deadbeef".repeat(5), "production"))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(repo.listDeployments(null, null, null, null).toList()).isEmpty();
        assertThat(standIn.deploy(repository.faultyRelease(), "production").id()).as("no id was taken").isEqualTo(1);
        // Deliveries go out one after the other: one for the refused deployment would have come first.
        await().atMost(Duration.ofSeconds(10)).until(() -> standIn.webhookDeliveries().size() == 1);
        assertThat(JSON.readTree(standIn.webhookDeliveries().get(0).body()).get("deployment").get("sha").asString())
                .isEqualTo(repository.faultyRelease());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(standIn.apiUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode resource(String path) throws IOException {
        try (InputStream in = GitHubStandInDeploymentTest.class.getResourceAsStream("/standins/github/" + path)) {
            return JSON.readTree(in);
        }
    }

    private static String hmacSha256(String secret, byte[] body) throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }
}
