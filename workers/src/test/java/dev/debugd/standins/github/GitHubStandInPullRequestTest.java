package dev.debugd.standins.github;

import static dev.debugd.standins.github.GitHubStandInTest.COUPONS;
import static dev.debugd.standins.github.GitHubStandInTest.FAULTY;
import static dev.debugd.standins.github.GitHubStandInTest.JSON;
import static dev.debugd.standins.github.GitHubStandInTest.PREVIOUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHPullRequestFileDetail;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;
import tools.jackson.databind.JsonNode;

/**
 * A fix's way through the stand-in, driven by the real client (hub4j {@code github-api}) as the code host drives it: a
 * branch at the faulty release, a tree, a commit, the branch moved, a pull request found again by its head, its files,
 * its merge into main with a merge commit, and the {@code pull_request} webhook GitHub sends about it.
 */
class GitHubStandInPullRequestTest {

    static final String BRANCH = "debugd/fix/acme/ep-123/cycle-1";
    static final String SECRET = "It's a Secret to Everybody";
    /** The faulty release's line 88, where a missing coupon is dereferenced. */
    static final String DEREFERENCE = "        return total.subtract(coupon.discount()).max(BigDecimal.ZERO);\n";
    static final String GUARD = "        if (coupon == null) {\n            return total;\n        }\n";

    GitHubStandIn standIn;
    GHRepository repo;
    WebhookReceiver receiver;

    @BeforeEach
    void start() throws IOException {
        standIn = GitHubStandIn.start(DemoRepository.build(), 0);
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
    void aFixBranchBecomesAPullRequestThatIsMergedIntoMain() throws Exception {
        assertThatThrownBy(() -> repo.getRef("heads/" + BRANCH)).isInstanceOf(GHFileNotFoundException.class);
        repo.createRef("refs/heads/" + BRANCH, FAULTY);
        var ref = repo.getRef("heads/" + BRANCH);
        assertThat(ref.getRef()).isEqualTo("refs/heads/" + BRANCH);
        assertThat(ref.getObject().getSha()).isEqualTo(FAULTY);
        assertThatThrownBy(() -> repo.createRef("refs/heads/" + BRANCH, FAULTY))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(422))
                .hasMessageContaining("Reference already exists");

        var fixed = commitGuard(FAULTY);
        ref.updateTo(fixed);
        assertThat(repo.getRef("heads/" + BRANCH).getObject().getSha()).isEqualTo(fixed);
        assertThat(repo.getCommit(fixed).getParentSHA1s()).containsExactly(FAULTY);
        assertThat(text(repo, COUPONS, BRANCH))
                .isEqualTo(text(repo, COUPONS, FAULTY).replace(DEREFERENCE, GUARD + DEREFERENCE));

        var opened = repo.createPullRequest("Guard against an unknown coupon", BRANCH, "main", "Fixes EP-123.");
        assertThat(opened.getNumber()).isEqualTo(1);
        assertThat(opened.getState()).isEqualTo(GHIssueState.OPEN);
        assertThat(opened.getHtmlUrl()).hasToString(standIn.apiUrl() + "/acme/shop/pull/1");
        assertThat(opened.getHead().getRef()).isEqualTo(BRANCH);
        assertThat(opened.getHead().getSha()).isEqualTo(fixed);
        assertThat(opened.getBase().getRef()).isEqualTo("main");
        assertThat(opened.getBase().getSha()).isEqualTo(FAULTY);
        assertThat(opened.getTitle()).isEqualTo("Guard against an unknown coupon");
        assertThat(opened.getBody()).isEqualTo("Fixes EP-123.");
        assertThat(opened.getUser().getLogin()).isEqualTo("acme");
        assertThat(opened.isMerged()).isFalse();
        assertThat(opened.getMergeable()).isTrue();
        assertThat(opened.getMergeCommitSha()).isNull();
        assertThat(opened.getCommits()).isEqualTo(1);
        assertThat(opened.getAdditions()).isEqualTo(3);
        assertThat(opened.getDeletions()).isZero();

        var found = repo.queryPullRequests().head("acme:" + BRANCH).base("main").state(GHIssueState.ALL).list().toList();
        assertThat(found).extracting(GHPullRequest::getNumber).containsExactly(1);
        assertThat(repo.queryPullRequests().head("acme:debugd/fix/acme/ep-123/cycle-2").state(GHIssueState.ALL).list()
                .toList()).isEmpty();
        assertThat(repo.queryPullRequests().state(GHIssueState.CLOSED).list().toList()).isEmpty();

        var files = found.get(0).listFiles().toList();
        assertThat(files).extracting(GHPullRequestFileDetail::getFilename).containsExactly(COUPONS);
        assertThat(files.get(0).getStatus()).isEqualTo("modified");
        // Three lines after line 87, with three lines of context either side; line 90 is empty.
        assertThat(files.get(0).getPatch()).isEqualTo("@@ -85,6 +85,9 @@\n"
                + "         Coupon coupon = byCode.get(normalized);\n"
                + "         uses.merge(normalized, 1, Integer::sum);\n"
                + "         LOG.log(System.Logger.Level.DEBUG, \"applying coupon {0} to {1}\", normalized, total);\n"
                + "+        if (coupon == null) {\n"
                + "+            return total;\n"
                + "+        }\n"
                + "         return total.subtract(coupon.discount()).max(BigDecimal.ZERO);\n"
                + "     }\n"
                + " ");

        assertThatThrownBy(() -> repo.createPullRequest("Again", BRANCH, "main", ""))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(422))
                .hasMessageContaining("A pull request already exists for acme:" + BRANCH + ".");

        opened.merge("Guard against an unknown coupon");

        var merged = repo.getPullRequest(1);
        assertThat(merged.isMerged()).isTrue();
        assertThat(merged.getState()).isEqualTo(GHIssueState.CLOSED);
        assertThat(merged.getMergedAt()).isNotNull();
        assertThat(merged.getClosedAt()).isEqualTo(merged.getMergedAt());
        assertThat(merged.getMergedBy().getLogin()).isEqualTo("acme");
        assertThat(merged.getHead().getSha()).isEqualTo(fixed);
        assertThat(merged.getBase().getSha()).isEqualTo(FAULTY);
        var mergeSha = merged.getMergeCommitSha();
        assertThat(repo.getRef("heads/main").getObject().getSha()).isEqualTo(mergeSha);
        var mergeCommit = repo.getCommit(mergeSha);
        assertThat(mergeCommit.getParentSHA1s()).containsExactly(FAULTY, fixed);
        assertThat(mergeCommit.getCommitShortInfo().getMessage())
                .isEqualTo("Merge pull request #1 from acme/" + BRANCH + "\n\nGuard against an unknown coupon");
        assertThat(text(repo, COUPONS, "main")).isEqualTo(text(repo, COUPONS, BRANCH));
        assertThat(standIn.pullRequests()).singleElement().satisfies(pullRequest -> {
            assertThat(pullRequest.merged()).isTrue();
            assertThat(pullRequest.merge().orElseThrow().commitSha()).isEqualTo(mergeSha);
        });

        assertThatThrownBy(() -> opened.merge("once more"))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(405))
                .hasMessageContaining("Pull Request is not mergeable");
        assertThat(standIn.requests()).contains(new GitHubStandIn.Request("PATCH", "/repos/acme/shop/git/refs/heads/" + BRANCH),
                new GitHubStandIn.Request("PUT", "/repos/acme/shop/pulls/1/merge"));

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
        var delivery = receiver.received().get(0);
        assertThat(delivery.header("X-GitHub-Event")).isEqualTo("pull_request");
        assertThat(delivery.header("Content-Type")).isEqualTo("application/json");
        assertThat(delivery.header("User-Agent")).startsWith("GitHub-Hookshot/");
        assertThat(delivery.header("X-Hub-Signature-256")).isEqualTo(hmacSha256(SECRET, delivery.body()));
        var event = JSON.readTree(delivery.body());
        assertThat(event.get("action").asString()).isEqualTo("closed");
        assertThat(event.get("number").asInt()).isEqualTo(1);
        var pullRequest = event.get("pull_request");
        assertThat(pullRequest.get("number").asInt()).isEqualTo(1);
        assertThat(pullRequest.get("state").asString()).isEqualTo("closed");
        assertThat(pullRequest.get("merged").asBoolean()).isTrue();
        assertThat(pullRequest.get("merge_commit_sha").asString()).isEqualTo(mergeSha);
        assertThat(pullRequest.get("merged_at").asString()).isEqualTo(merged.getMergedAt().toInstant().toString());
        assertThat(pullRequest.get("merged_by").get("login").asString()).isEqualTo("acme");
        assertThat(pullRequest.get("title").asString()).isEqualTo("Guard against an unknown coupon");
        assertThat(pullRequest.get("body").asString()).isEqualTo("Fixes EP-123.");
        assertThat(pullRequest.get("html_url").asString()).isEqualTo(standIn.apiUrl() + "/acme/shop/pull/1");
        assertThat(pullRequest.get("url").asString()).isEqualTo(standIn.apiUrl() + "/repos/acme/shop/pulls/1");
        assertThat(pullRequest.get("head").get("ref").asString()).isEqualTo(BRANCH);
        assertThat(pullRequest.get("head").get("sha").asString()).isEqualTo(fixed);
        assertThat(pullRequest.get("base").get("ref").asString()).isEqualTo("main");
        assertThat(pullRequest.get("base").get("sha").asString()).isEqualTo(FAULTY);
        assertThat(event.get("repository").get("full_name").asString()).isEqualTo("acme/shop");
        assertThat(event.get("repository").get("name").asString()).isEqualTo("shop");
        assertThat(event.get("repository").get("owner").get("login").asString()).isEqualTo("acme");
        assertHasEveryKeyOfTheWebhookFixture(event);
        assertThat(new String(delivery.body(), StandardCharsets.UTF_8)).as("the fixture's repository, moved to the stand-in")
                .doesNotContain("Codertocat", "Hello-World", "https://api.github.com", "https://github.com");
        await().atMost(Duration.ofSeconds(10)).until(() -> standIn.webhookDeliveries().size() == 1);
        var recorded = standIn.webhookDeliveries().get(0);
        assertThat(recorded.id()).hasToString(delivery.header("X-GitHub-Delivery"));
        assertThat(recorded.event()).isEqualTo("pull_request");
        assertThat(recorded.action()).isEqualTo("closed");
        assertThat(recorded.body()).isEqualTo(new String(delivery.body(), StandardCharsets.UTF_8));
        assertThat(recorded.status()).hasValue(200);
        assertThat(recorded.redelivery()).isFalse();
    }

    @Test
    void aRedeliveryHasTheSameDeliveryIdAndBody() throws Exception {
        var number = openFix(FAULTY).getNumber();
        standIn.merge(number);
        await().atMost(Duration.ofSeconds(10)).until(() -> standIn.webhookDeliveries().size() == 1);

        standIn.redeliver(standIn.webhookDeliveries().get(0).id());

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 2);
        var first = receiver.received().get(0);
        var again = receiver.received().get(1);
        assertThat(again.header("X-GitHub-Delivery")).isEqualTo(first.header("X-GitHub-Delivery"));
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("X-Hub-Signature-256")).isEqualTo(first.header("X-Hub-Signature-256"));
        await().atMost(Duration.ofSeconds(10)).until(() -> standIn.webhookDeliveries().size() == 2);
        assertThat(standIn.webhookDeliveries()).extracting(WebhookDelivery::redelivery).containsExactly(false, true);
    }

    @Test
    void aDeliveryRecordsTheReceiversStatus() throws Exception {
        receiver.answer(503);
        standIn.merge(openFix(FAULTY).getNumber());

        await().atMost(Duration.ofSeconds(10)).until(() -> standIn.webhookDeliveries().size() == 1);
        assertThat(standIn.webhookDeliveries().get(0).status()).hasValue(503);
    }

    @Test
    void closingWithoutMergingTellsTheWebhookItWasNotMerged() throws Exception {
        var opened = openFix(FAULTY);

        opened.close();

        var closed = repo.getPullRequest(opened.getNumber());
        assertThat(closed.getState()).isEqualTo(GHIssueState.CLOSED);
        assertThat(closed.isMerged()).isFalse();
        assertThat(closed.getClosedAt()).isNotNull();
        assertThat(closed.getMergedAt()).isNull();
        assertThat(closed.getMergeCommitSha()).isNull();
        assertThat(repo.getRef("heads/main").getObject().getSha()).isEqualTo(FAULTY);
        assertThatThrownBy(() -> opened.merge("too late"))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(405));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
        var pullRequest = JSON.readTree(receiver.received().get(0).body()).get("pull_request");
        assertThat(pullRequest.get("state").asString()).isEqualTo("closed");
        assertThat(pullRequest.get("merged").asBoolean()).isFalse();
        assertThat(pullRequest.get("merged_at").isNull()).isTrue();
        assertThat(pullRequest.get("merged_by").isNull()).isTrue();
        assertThat(pullRequest.get("merge_commit_sha").isNull()).isTrue();
        assertThat(pullRequest.get("closed_at").asString()).isEqualTo(closed.getClosedAt().toInstant().toString());
        // A new pull request may be opened for the head once the last one is closed.
        assertThat(repo.createPullRequest("Second try", BRANCH, "main", "").getNumber()).isEqualTo(2);
    }

    @Test
    void aConflictingPullRequestIsNotMergeable() throws Exception {
        // From the release before the faulty one, changing a line of the null guard that the faulty release deleted.
        repo.createRef("refs/heads/" + BRANCH, PREVIOUS);
        var guarded = text(repo, COUPONS, PREVIOUS);
        assertThat(guarded).contains("            return total;\n");
        repo.getRef("heads/" + BRANCH).updateTo(commit(PREVIOUS,
                guarded.replace("            return total;\n", "            return total.max(BigDecimal.ZERO);\n")));
        var opened = repo.createPullRequest("Never below zero", BRANCH, "main", "");

        assertThat(opened.getMergeable()).isFalse();
        assertThat(opened.getMergeableState()).isEqualTo("dirty");
        assertThatThrownBy(() -> opened.merge("conflicts"))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(405))
                .hasMessageContaining("Pull Request is not mergeable");
        assertThatThrownBy(() -> standIn.merge(opened.getNumber())).hasMessage("Pull Request is not mergeable");
        assertThat(repo.getPullRequest(opened.getNumber()).getState()).isEqualTo(GHIssueState.OPEN);
        assertThat(repo.getRef("heads/main").getObject().getSha()).isEqualTo(FAULTY);
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void aReviewerMergesEachNewPullRequestAfterTheDelay() throws Exception {
        standIn.mergeAfter(Duration.ofMillis(200));

        var number = openFix(FAULTY).getNumber();

        await().atMost(Duration.ofSeconds(10)).until(() -> repo.getPullRequest(number).isMerged());
        assertThat(repo.getRef("heads/main").getObject().getSha()).isEqualTo(repo.getPullRequest(number).getMergeCommitSha());
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
    }

    @Test
    void aBranchMovesForwardOnlyUnlessForced() throws Exception {
        repo.createRef("refs/heads/" + BRANCH, FAULTY);
        var ref = repo.getRef("heads/" + BRANCH);

        assertThatThrownBy(() -> ref.updateTo(PREVIOUS))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(422))
                .hasMessageContaining("Update is not a fast forward");
        ref.updateTo(PREVIOUS, true);

        assertThat(repo.getRef("heads/" + BRANCH).getObject().getSha()).isEqualTo(PREVIOUS);
    }

    @Test
    void aTreeAddsNestedAndExecutableFilesAndDeletesOnTopOfItsBase() throws Exception {
        var base = repo.getCommit(FAULTY).getTree().getSha();

        var tree = repo.createTree().baseTree(base)
                .add("docs/runbooks/coupons.md", "# Coupons\n", false)
                .add("bin/run.sh", "#!/bin/sh\n", true)
                .delete("README.md")
                .create();

        var entries = repo.getTreeRecursive(tree.getSha(), 1).getTree();
        assertThat(entries).filteredOn(entry -> entry.getPath().equals("bin/run.sh"))
                .singleElement().satisfies(entry -> assertThat(entry.getMode()).isEqualTo("100755"));
        assertThat(entries).extracting(entry -> entry.getPath())
                .contains("docs", "docs/runbooks", "docs/runbooks/coupons.md", COUPONS).doesNotContain("README.md");
        var blob = repo.createBlob().textContent("plain text").create();
        assertThat(repo.getBlob(blob.getSha()).read()).hasContent("plain text");
        var binary = repo.createBlob().binaryContent(new byte[] {0, 1, 2, (byte) 255}).create();
        assertThat(repo.getBlob(binary.getSha()).read()).hasBinaryContent(new byte[] {0, 1, 2, (byte) 255});
    }

    /** The faulty release with the null guard before its line 88, on a branch, in a pull request into main. */
    private GHPullRequest openFix(String start) throws IOException {
        repo.createRef("refs/heads/" + BRANCH, start);
        repo.getRef("heads/" + BRANCH).updateTo(commitGuard(start));
        return repo.createPullRequest("Guard against an unknown coupon", BRANCH, "main", "Fixes EP-123.");
    }

    private String commitGuard(String parent) throws IOException {
        return commit(parent, text(repo, COUPONS, parent).replace(DEREFERENCE, GUARD + DEREFERENCE));
    }

    /** A commit on {@code parent} that sets Coupons.java to {@code coupons}: a tree on the parent's, as a fix is made. */
    private String commit(String parent, String coupons) throws IOException {
        var tree = repo.createTree().baseTree(repo.getCommit(parent).getTree().getSha()).add(COUPONS, coupons, false).create();
        return repo.createCommit().message("checkout: guard against an unknown coupon").tree(tree.getSha()).parent(parent)
                .create().getSHA1();
    }

    private static String text(GHRepository repo, String path, String ref) throws IOException {
        try (var in = repo.getFileContent(path, ref).read()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String hmacSha256(String secret, byte[] body) throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static void assertHasEveryKeyOfTheWebhookFixture(JsonNode event) throws IOException {
        try (var in = GitHubStandInPullRequestTest.class.getResourceAsStream(
                "/standins/github/webhooks/pull_request.closed.payload.json")) {
            GitHubStandInTest.assertHasEveryKey("event", event, JSON.readTree(in));
        }
    }

    /** A webhook receiver: keeps what it is sent, and answers with the status it is told to. */
    static final class WebhookReceiver implements AutoCloseable {

        record Received(Map<String, List<String>> headers, byte[] body) {

            String header(String name) {
                return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                        .map(entry -> entry.getValue().get(0)).findFirst().orElse(null);
            }
        }

        private final HttpServer server;
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private volatile int status = 200;

        private WebhookReceiver(HttpServer server) {
            this.server = server;
        }

        static WebhookReceiver start() throws IOException {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            var receiver = new WebhookReceiver(server);
            receiver.server.createContext("/hooks/github", exchange -> {
                try (exchange) {
                    receiver.received.add(new Received(Map.copyOf(exchange.getRequestHeaders()),
                            exchange.getRequestBody().readAllBytes()));
                    exchange.sendResponseHeaders(receiver.status, -1);
                }
            });
            receiver.server.start();
            return receiver;
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/github");
        }

        void answer(int status) {
            this.status = status;
        }

        List<Received> received() {
            return List.copyOf(received);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
