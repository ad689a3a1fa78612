package dev.debugd.standins.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stand-in over real HTTP: GitHub's paths, status codes and response shapes, and the demo repository's SHAs. */
class GitHubStandInTest {

    static final String FIRST = "ed85d0cf16b4292b365e8f27d33a529c27063772";
    static final String PREVIOUS = "79900f4a59fb2a355bb732c85dacb7ffbb4e5f68";
    static final String FAULTY = "3055593d7871c05dc5759f6e8eddae4ff9cf4865";
    static final String COUPONS = "checkout/src/main/java/shop/checkout/Coupons.java";
    static final String FAULTY_COUPONS_BLOB = "7e5942c92e3d4ebde275879b6d21125e0b1899f0";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static GitHubStandIn standIn;
    static HttpClient http;

    @BeforeAll
    static void start() throws IOException {
        standIn = GitHubStandIn.start(DemoRepository.build(), 0);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        standIn.close();
    }

    @Test
    void theDemoRepositoryHasTheSameShasOnEveryBuild() {
        var repository = DemoRepository.build();

        assertThat(repository.releases()).containsExactly(FIRST, "c74eea3a4628bab6d7e78f7803e8999bae4988b7",
                "a2501db35a567dd47ff9b1d927d03c01299d574b", "731b6bfeae39dfa9c5537a3bf94b841b7af7d172",
                "6b71da85805cc477201e9323b322abde83bcb983", "9e444dc1b4fd6eadbe419245a679467c7d7215d1", PREVIOUS, FAULTY);
        assertThat(DemoRepository.build().releases()).isEqualTo(repository.releases());
        assertThat(repository.faultyRelease()).isEqualTo(FAULTY);
        assertThat(repository.previousRelease()).isEqualTo(PREVIOUS);
        assertThat(repository.name()).isEqualTo("acme/shop");
    }

    @ParameterizedTest
    @CsvSource({
        "/, meta-root.default.json",
        "/rate_limit, rate-limit-get.default.json",
        "/repos/acme/shop, repos-get.default-response.json",
        "/repos/acme/shop/commits/" + FAULTY + ", repos-get-commit.default.json",
        "/repos/acme/shop/commits/main, repos-get-commit.default.json",
        "/repos/acme/shop/git/trees/" + FAULTY + "?recursive=1, git-get-tree.response-recursively-retrieving-a-tree.json",
        "/repos/acme/shop/git/blobs/" + FAULTY_COUPONS_BLOB + ", git-get-blob.default.json",
        "/repos/acme/shop/contents/" + COUPONS + "?ref=" + FAULTY + ", repos-get-content.response-if-content-is-a-file.json",
        "/repos/acme/shop/git/ref/heads/main, git-get-ref.default.json",
        "/repos/acme/shop/git/refs/heads/main, git-get-ref.default.json",
        "/repos/acme/shop/git/commits/" + FAULTY + ", git-get-commit.default.json",
        "/repos/acme/shop/compare/" + PREVIOUS + "..." + FAULTY + ", repos-compare-commits-with-basehead.default.json"})
    void everyResponseHasEveryKeyOfGitHubsExample(String path, String example) throws IOException, InterruptedException {
        var response = get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertHasEveryKey(path, JSON.readTree(response.body()), example(example));
        assertThat(response.body()).as("every URL points at the stand-in").doesNotContain("https://api.github.com")
                .doesNotContain("https://github.com");
    }

    @Test
    void aCommitCarriesItsValuesAndItsPatch() throws IOException, InterruptedException {
        var commit = JSON.readTree(get("/repos/acme/shop/commits/3055593").body());

        assertThat(commit.get("sha").asString()).isEqualTo(FAULTY);
        assertThat(commit.get("url").asString()).isEqualTo(standIn.apiUrl() + "/repos/acme/shop/commits/" + FAULTY);
        assertThat(commit.get("commit").get("message").asString()).isEqualTo("checkout: apply coupons by code, in any case");
        assertThat(commit.get("commit").get("author").get("name").asString()).isEqualTo("debugd demo");
        assertThat(commit.get("commit").get("author").get("email").asString()).isEqualTo("demo@debugd.invalid");
        assertThat(commit.get("commit").get("author").get("date").asString()).isEqualTo("2026-01-05T16:00:00Z"); // the 8th
        assertThat(commit.get("parents").get(0).get("sha").asString()).isEqualTo(PREVIOUS);
        assertThat(commit.get("files")).hasSize(1);
        var file = commit.get("files").get(0);
        assertThat(file.get("filename").asString()).isEqualTo(COUPONS);
        assertThat(file.get("additions").asInt()).isEqualTo(13);
        assertThat(file.get("deletions").asInt()).isEqualTo(7);
        assertThat(file.get("patch").asString()).startsWith("@@ -20,6 +20,7 @@\n")
                .contains("\n-        if (coupon == null) {\n-            return total;\n-        }\n")
                .doesNotContain("diff --git").doesNotContain("\n--- ").doesNotContain("\n+++ ").doesNotEndWith("\n");
    }

    @Test
    void aFilesContentIsBase64InLinesOf60AsGitHubGivesIt() throws IOException, InterruptedException {
        var content = JSON.readTree(get("/repos/acme/shop/contents/" + COUPONS + "?ref=" + FAULTY).body());
        var encoded = content.get("content").asString();
        var lines = List.of(encoded.split("\n"));

        assertThat(encoded).endsWith("\n");
        assertThat(lines.subList(0, lines.size() - 1)).allSatisfy(line -> assertThat(line).hasSize(60));
        assertThat(lines.get(lines.size() - 1).length()).isBetween(1, 60);
        var text = new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8);
        assertThat(text).startsWith("package shop.checkout;\n").endsWith("\n}\n");
        assertThat(content.get("size").asInt()).isEqualTo(text.length());
        assertThat(content.get("sha").asString()).isEqualTo(FAULTY_COUPONS_BLOB);
        assertThat(content.get("name").asString()).isEqualTo("Coupons.java");
        var blob = JSON.readTree(get("/repos/acme/shop/git/blobs/" + FAULTY_COUPONS_BLOB).body());
        assertThat(blob.get("content").asString()).isEqualTo(encoded);
    }

    @Test
    void theTreeListsDirectoriesAndFilesRecursively() throws IOException, InterruptedException {
        var tree = JSON.readTree(get("/repos/acme/shop/git/trees/main?recursive=1").body());
        var shallow = JSON.readTree(get("/repos/acme/shop/git/trees/main").body());

        assertThat(tree.get("truncated").asBoolean()).isFalse();
        // 20 files, and 73 folders: six for each of the 12 services, and deploy/.
        assertThat(paths(tree)).contains("checkout", "checkout/src/main/java/shop/checkout", COUPONS).hasSize(20 + 73);
        assertThat(paths(shallow)).containsExactly("README.md", "accounts", "catalog", "checkout", "deploy", "gateway",
                "inventory", "notify", "payments", "pricing", "reports", "reviews", "search", "shipping");
    }

    @Test
    void unknownThingsAreGitHubsErrors() throws IOException, InterruptedException {
        var notFound = "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"404\"}";
        for (var path : List.of("/repos/acme/nope", "/repos/acme/shop/issues", "/repos/acme/shop/git/trees/deadbeef",
                "/repos/acme/shop/git/blobs/deadbeef", "/repos/acme/shop/git/ref/heads/other",
                "/repos/acme/shop/contents/Missing.java?ref=main", "/repos/acme/shop/compare/" + FAULTY + "...deadbeef")) {
            var response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).isEqualTo(notFound);
        }
        var noCommit = get("/repos/acme/shop/commits/deadbeefdeadbeefdeadbeefdeadbeefdeadbeef");
        assertThat(noCommit.statusCode()).isEqualTo(422);
        assertThat(noCommit.body()).isEqualTo("{\"message\":\"No commit found for SHA: deadbeefdeadbeefdeadbeefdeadbeefdeadbeef\","
                + "\"documentation_url\":\"https://docs.github.com/rest/commits/commits#get-a-commit\",\"status\":\"422\"}");
        var delete = http.send(HttpRequest.newBuilder(URI.create(standIn.apiUrl() + "/repos/acme/shop/git/refs/heads/main"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("Allow")).contains("GET, POST, PATCH, PUT");
    }

    @Test
    void theComparePatchAppliesToThePreviousFileAndGivesTheFaultyOne(@TempDir Path dir) throws Exception {
        var compare = JSON.readTree(get("/repos/acme/shop/compare/" + PREVIOUS + "..." + FAULTY).body());
        var patch = compare.get("files").get(0).get("patch").asString();
        var file = dir.resolve(COUPONS);
        Files.createDirectories(file.getParent());
        Files.writeString(file, fileAt(PREVIOUS));
        Files.writeString(dir.resolve("fix.patch"), "--- a/" + COUPONS + "\n+++ b/" + COUPONS + "\n" + patch + "\n");

        assertThat(git(dir, "apply", "--check", "fix.patch")).isZero();
        assertThat(git(dir, "apply", "fix.patch")).isZero();
        assertThat(Files.readString(file)).isEqualTo(fileAt(FAULTY));
        assertThat(git(dir, "apply", "--reverse", "fix.patch")).isZero();
        assertThat(Files.readString(file)).isEqualTo(fileAt(PREVIOUS));
    }

    private static String fileAt(String commit) throws IOException, InterruptedException {
        var content = JSON.readTree(get("/repos/acme/shop/contents/" + COUPONS + "?ref=" + commit).body());
        return new String(Base64.getMimeDecoder().decode(content.get("content").asString()), StandardCharsets.UTF_8);
    }

    private static List<String> paths(JsonNode tree) {
        return tree.get("tree").valueStream().map(entry -> entry.get("path").asString()).toList();
    }

    /** Every key of the example is in the response, in nested objects and in the first element of arrays too. */
    static void assertHasEveryKey(String where, JsonNode response, JsonNode example) {
        for (var key : example.propertyNames()) {
            assertThat(response.has(key)).as(where + "." + key).isTrue();
            var expected = example.get(key);
            var actual = response.get(key);
            if (expected.isObject() && actual.isObject()) {
                assertHasEveryKey(where + "." + key, actual, expected);
            } else if (expected.isArray() && actual.isArray() && !expected.isEmpty() && !actual.isEmpty()
                    && expected.get(0).isObject()) {
                assertHasEveryKey(where + "." + key + "[0]", actual.get(0), expected.get(0));
            }
        }
    }

    private static JsonNode example(String file) throws IOException {
        try (InputStream in = GitHubStandInTest.class.getResourceAsStream("/standins/github/shapes/" + file)) {
            return JSON.readTree(in);
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(standIn.apiUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int git(Path dir, String... arguments) throws IOException, InterruptedException {
        var command = new ArrayList<String>(List.of("git"));
        command.addAll(List.of(arguments));
        var process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor();
    }
}
