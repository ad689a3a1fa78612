package dev.debugd.standins.github;

import static dev.debugd.standins.github.GitHubStandInTest.FAULTY;
import static dev.debugd.standins.github.GitHubStandInTest.JSON;
import static dev.debugd.standins.github.GitHubStandInTest.PREVIOUS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Git database and pulls APIs over plain HTTP: each response has every key of GitHub's example of it, and each
 * refusal is GitHub's status and body.
 */
class GitHubStandInWritesTest {

    static final String REPO = "/repos/acme/shop";

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
    void everyWriteAndPullRequestResponseHasEveryKeyOfGitHubsExample() throws Exception {
        var blob = expect(201, "POST", "/git/blobs", "{\"content\":\"notes\\n\",\"encoding\":\"utf-8\"}",
                "git-create-blob.default.json");
        var faultyTree = JSON.readTree(send("GET", REPO + "/git/commits/" + FAULTY, null).body()).get("tree").get("sha")
                .asString();
        var tree = expect(201, "POST", "/git/trees", "{\"base_tree\":\"" + faultyTree + "\",\"tree\":[{\"path\":"
                + "\"docs/NOTES.md\",\"mode\":\"100644\",\"type\":\"blob\",\"content\":\"notes\\n\"}]}",
                "git-create-tree.default.json");
        assertThat(tree.get("tree").valueStream().map(entry -> entry.get("path").asString()))
                .contains("docs", "checkout", "README.md").doesNotContain("docs/NOTES.md");
        var commit = expect(201, "POST", "/git/commits", "{\"message\":\"docs: notes\",\"tree\":\"" + tree.get("sha").asString()
                + "\",\"parents\":[\"" + FAULTY + "\"],\"author\":{\"name\":\"Ann\",\"email\":\"ann@acme.invalid\","
                + "\"date\":\"2026-02-01T10:00:00+01:00\"}}", "git-create-commit.default.json");
        var sha = commit.get("sha").asString();
        assertThat(commit.get("author").get("date").asString()).isEqualTo("2026-02-01T09:00:00Z");
        assertThat(commit.get("committer").get("name").asString()).isEqualTo("Ann");
        assertThat(commit.get("parents").get(0).get("sha").asString()).isEqualTo(FAULTY);
        var gitCommit = expect(200, "GET", "/git/commits/" + sha, null, "git-get-commit.default.json");
        assertThat(gitCommit.get("message").asString()).isEqualTo("docs: notes");
        assertThat(gitCommit.get("tree").get("sha").asString()).isEqualTo(tree.get("sha").asString());
        var created = expect(201, "POST", "/git/refs", "{\"ref\":\"refs/heads/docs/notes\",\"sha\":\"" + FAULTY + "\"}",
                "git-create-ref.default.json");
        assertThat(created.get("ref").asString()).isEqualTo("refs/heads/docs/notes");
        var updated = expect(200, "PATCH", "/git/refs/heads/docs/notes", "{\"sha\":\"" + sha + "\",\"force\":false}",
                "git-update-ref.default.json");
        assertThat(updated.get("object").get("sha").asString()).isEqualTo(sha);
        var content = send("GET", REPO + "/contents/docs/NOTES.md?ref=docs/notes", null);
        assertThat(blob.get("sha").asString()).isEqualTo(JSON.readTree(content.body()).get("sha").asString());

        var opened = expect(201, "POST", "/pulls",
                "{\"title\":\"Notes\",\"head\":\"docs/notes\",\"base\":\"main\",\"body\":\"b\"}", "pulls-create.default.json");
        assertThat(opened.get("number").asInt()).isEqualTo(1);
        assertThat(opened.get("changed_files").asInt()).isEqualTo(1);
        expect(200, "GET", "/pulls/1", null, "pulls-get.default.json");
        var list = expect(200, "GET", "/pulls?state=open", null, "pulls-list.default.json");
        assertThat(list).hasSize(1);
        var files = expect(200, "GET", "/pulls/1/files", null, "pulls-list-files.default.json");
        assertThat(files.get(0).get("filename").asString()).isEqualTo("docs/NOTES.md");
        assertThat(files.get(0).get("status").asString()).isEqualTo("added");
        assertThat(files.get(0).get("patch").asString()).isEqualTo("@@ -0,0 +1 @@\n+notes");
        var edited = expect(200, "PATCH", "/pulls/1", "{\"title\":\"Notes, edited\"}", "pulls-get.default.json");
        assertThat(edited.get("title").asString()).isEqualTo("Notes, edited");
        var merged = expect(200, "PUT", "/pulls/1/merge", "{\"commit_message\":\"docs\"}",
                "pulls-merge.response-if-merge-was-successful.json");
        assertThat(merged.get("merged").asBoolean()).isTrue();
        assertThat(merged.get("message").asString()).isEqualTo("Pull Request successfully merged");
        assertThat(merged.get("sha").asString()).isEqualTo(standIn.pullRequests().get(0).merge().orElseThrow().commitSha());
    }

    @Test
    void gitDatabaseRefusalsAreGitHubs() throws Exception {
        assertError("POST", "/git/blobs", "{}", 422, "Invalid request.\n\n\"content\" wasn't supplied.",
                "https://docs.github.com/rest/git/blobs#create-a-blob");
        assertError("POST", "/git/blobs", "{\"content\":\"x\",\"encoding\":\"latin-1\"}", 422,
                "Invalid request.\n\nInvalid input for \"encoding\".", "https://docs.github.com/rest/git/blobs#create-a-blob");
        var trees = "https://docs.github.com/rest/git/trees#create-a-tree";
        assertError("POST", "/git/trees", "{\"base_tree\":\"" + "d".repeat(40) + "\",\"tree\":[{\"path\":\"a\","
                + "\"mode\":\"100644\",\"type\":\"blob\",\"content\":\"a\"}]}", 422, "base_tree is not a valid tree oid", trees);
        assertError("POST", "/git/trees", "{\"tree\":[{\"path\":\"a\",\"mode\":\"100644\",\"type\":\"blob\",\"sha\":\""
                + FAULTY + "\"}]}", 422, "tree.sha " + FAULTY + " is not a valid blob", trees);
        for (var path : List.of("../a", "/a", "a//b", "a/", ".git/config")) {
            assertError("POST", "/git/trees", "{\"tree\":[{\"path\":\"" + path + "\",\"mode\":\"100644\",\"type\":\"blob\","
                    + "\"content\":\"a\"}]}", 422, "Invalid tree info", trees);
        }
        for (var entry : List.of("{\"path\":\"a\",\"mode\":\"040000\",\"type\":\"tree\",\"content\":\"a\"}",
                "{\"path\":\"a\",\"mode\":\"160000\",\"type\":\"commit\",\"sha\":\"main\"}",
                "{\"path\":\"a\",\"mode\":\"100644\",\"type\":\"blob\"}",
                "{\"path\":\"a\",\"mode\":\"100600\",\"type\":\"blob\",\"content\":\"a\"}")) {
            assertError("POST", "/git/trees", "{\"tree\":[" + entry + "]}", 422, "Invalid tree info", trees);
        }
        assertError("POST", "/git/trees", "{\"tree\":[]}", 422, "Invalid tree info", trees);
        assertError("POST", "/git/commits", "{\"message\":\"m\",\"tree\":\"" + "d".repeat(40) + "\"}", 422,
                "Tree SHA does not exist", "https://docs.github.com/rest/git/commits#create-a-commit");
        assertError("POST", "/git/refs", "{\"ref\":\"heads/x\",\"sha\":\"" + FAULTY + "\"}", 422, "Reference name is invalid",
                "https://docs.github.com/rest/git/refs#create-a-reference");
        assertError("POST", "/git/refs", "{\"ref\":\"refs/heads/x\",\"sha\":\"" + "d".repeat(40) + "\"}", 422,
                "Object does not exist", "https://docs.github.com/rest/git/refs#create-a-reference");
        assertError("POST", "/git/refs", "{\"ref\":\"refs/heads/main\",\"sha\":\"" + FAULTY + "\"}", 422,
                "Reference already exists", "https://docs.github.com/rest/git/refs#create-a-reference");
        assertError("PATCH", "/git/refs/heads/nope", "{\"sha\":\"" + FAULTY + "\"}", 422, "Reference does not exist",
                "https://docs.github.com/rest/git/refs#update-a-reference");
        assertError("PATCH", "/git/refs/heads/main", "{\"sha\":\"" + PREVIOUS + "\"}", 422, "Update is not a fast forward",
                "https://docs.github.com/rest/git/refs#update-a-reference");
        assertError("POST", "/git/refs", "{\"ref\":", 400, "Problems parsing JSON",
                "https://docs.github.com/rest/git/refs#create-a-reference");
        assertThat(send("GET", REPO + "/git/refs/heads/main", null).body()).contains(FAULTY);
    }

    @Test
    void pullRequestRefusalsAreGitHubs() throws Exception {
        var create = "https://docs.github.com/rest/pulls/pulls#create-a-pull-request";
        assertValidationFailed("{\"title\":\"t\",\"head\":\"nope\",\"base\":\"main\"}",
                "{\"resource\":\"PullRequest\",\"field\":\"head\",\"code\":\"invalid\"}", create);
        assertValidationFailed("{\"title\":\"t\",\"head\":\"main\",\"base\":\"nope\"}",
                "{\"resource\":\"PullRequest\",\"field\":\"base\",\"code\":\"invalid\"}", create);
        assertValidationFailed("{\"title\":\"t\",\"head\":\"main\",\"base\":\"main\"}",
                "{\"resource\":\"PullRequest\",\"code\":\"custom\",\"message\":\"No commits between main and main\"}", create);
        var tree = JSON.readTree(send("POST", REPO + "/git/trees", "{\"tree\":[{\"path\":\"a\",\"mode\":\"100644\","
                + "\"type\":\"blob\",\"content\":\"a\"}]}").body()).get("sha").asString();
        var root = JSON.readTree(send("POST", REPO + "/git/commits", "{\"message\":\"m\",\"tree\":\"" + tree + "\"}").body());
        send("POST", REPO + "/git/refs", "{\"ref\":\"refs/heads/orphan\",\"sha\":\"" + root.get("sha").asString() + "\"}");
        assertValidationFailed("{\"title\":\"t\",\"head\":\"orphan\",\"base\":\"main\"}", "{\"resource\":\"PullRequest\","
                + "\"code\":\"custom\",\"message\":\"The orphan branch has no history in common with main\"}", create);
        send("POST", REPO + "/git/refs", "{\"ref\":\"refs/heads/old\",\"sha\":\"" + PREVIOUS + "\"}");
        // main is ahead of "old": a pull request from main into it has a commit.
        assertThat(send("POST", REPO + "/pulls", "{\"title\":\"t\",\"head\":\"acme:main\",\"base\":\"old\"}").statusCode())
                .isEqualTo(201);
        assertValidationFailed("{\"title\":\"t\",\"head\":\"main\",\"base\":\"old\"}", "{\"resource\":\"PullRequest\","
                + "\"code\":\"custom\",\"message\":\"A pull request already exists for acme:main.\"}", create);

        assertError("GET", "/pulls/7", null, 404, "Not Found", "https://docs.github.com/rest");
        assertError("PUT", "/pulls/7/merge", "{}", 404, "Not Found", "https://docs.github.com/rest");
        assertError("PUT", "/pulls/1/merge", "{\"sha\":\"" + PREVIOUS + "\"}", 409,
                "Head branch was modified. Review and try the merge again.",
                "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request");
        assertThat(send("PUT", REPO + "/pulls/1/merge", "{\"merge_method\":\"squash\"}").statusCode()).isEqualTo(422);
        assertThat(send("GET", REPO + "/pulls?state=merged", null).statusCode()).isEqualTo(422);
        assertThat(standIn.pullRequests()).singleElement().satisfies(pullRequest -> assertThat(pullRequest.open()).isTrue());
    }

    @Test
    void theListIsNewestFirstAndFiltersByStateHeadAndBase() throws Exception {
        for (var branch : List.of("one", "two", "three")) {
            send("POST", REPO + "/git/refs", "{\"ref\":\"refs/heads/" + branch + "\",\"sha\":\"" + PREVIOUS + "\"}");
            send("POST", REPO + "/pulls", "{\"title\":\"" + branch + "\",\"head\":\"main\",\"base\":\"" + branch + "\"}");
        }
        standIn.closeWithoutMerging(2);

        assertThat(numbers("/pulls")).containsExactly(3, 1);
        assertThat(numbers("/pulls?state=all")).containsExactly(3, 2, 1);
        assertThat(numbers("/pulls?state=all&direction=asc")).containsExactly(1, 2, 3);
        assertThat(numbers("/pulls?state=closed")).containsExactly(2);
        assertThat(numbers("/pulls?state=all&head=acme:main&base=three")).containsExactly(3);
        assertThat(numbers("/pulls?state=all&head=someone:main")).isEmpty();
        assertThat(standIn.pullRequests()).extracting(PullRequest::state).containsExactly("open", "closed", "open");
    }

    private List<Integer> numbers(String path) throws IOException, InterruptedException {
        return JSON.readTree(send("GET", REPO + path, null).body()).valueStream().map(pull -> pull.get("number").asInt())
                .toList();
    }

    /** Sends a request under the repository; asserts the status and that the body has every key of GitHub's example. */
    private JsonNode expect(int status, String method, String path, String body, String example) throws Exception {
        var response = send(method, REPO + path, body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
        assertThat(response.body()).as("every URL points at the stand-in").doesNotContain("https://api.github.com")
                .doesNotContain("https://github.com");
        var json = JSON.readTree(response.body());
        try (InputStream in = GitHubStandInWritesTest.class.getResourceAsStream("/standins/github/shapes/" + example)) {
            var shape = JSON.readTree(in);
            if (shape.isArray()) {
                assertThat(json.isArray()).as(path).isTrue();
                GitHubStandInTest.assertHasEveryKey(path + "[0]", json.get(0), shape.get(0));
            } else {
                GitHubStandInTest.assertHasEveryKey(path, json, shape);
            }
        }
        return json;
    }

    private void assertError(String method, String path, String body, int status, String message, String documentation)
            throws Exception {
        var response = send(method, REPO + path, body);
        assertThat(response.statusCode()).as(method + " " + path + " " + body).isEqualTo(status);
        var expected = JSON.createObjectNode();
        expected.put("message", message);
        expected.put("documentation_url", documentation);
        expected.put("status", Integer.toString(status));
        assertThat(response.body()).as(method + " " + path + " " + body).isEqualTo(JSON.writeValueAsString(expected));
    }

    private void assertValidationFailed(String body, String error, String documentation) throws Exception {
        var response = send("POST", REPO + "/pulls", body);
        assertThat(response.statusCode()).as(body).isEqualTo(422);
        assertThat(response.body()).isEqualTo("{\"message\":\"Validation Failed\",\"errors\":[" + error + "],"
                + "\"documentation_url\":\"" + documentation + "\",\"status\":\"422\"}");
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(standIn.apiUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
