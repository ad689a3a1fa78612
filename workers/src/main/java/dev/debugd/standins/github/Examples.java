package dev.debugd.standins.github;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * GitHub's own examples the stand-in answers with: the REST responses of its OpenAPI description
 * ({@code standins/github/shapes/}) and the webhook payloads of octokit/webhooks ({@code standins/github/webhooks/}),
 * handed out as copies whose URLs and names are moved to the stand-in and the demo repository.
 */
final class Examples {

    /** The REST examples, by the name the shapes use, and their files. */
    private static final Map<String, String> SHAPES = Map.ofEntries(
            Map.entry("root", "meta-root.default.json"),
            Map.entry("rate_limit", "rate-limit-get.default.json"),
            Map.entry("repository", "repos-get.default-response.json"),
            Map.entry("commit", "repos-get-commit.default.json"),
            Map.entry("tree", "git-get-tree.response-recursively-retrieving-a-tree.json"),
            Map.entry("created_tree", "git-create-tree.default.json"),
            Map.entry("blob", "git-get-blob.default.json"),
            Map.entry("created_blob", "git-create-blob.default.json"),
            Map.entry("git_commit", "git-get-commit.default.json"),
            Map.entry("created_git_commit", "git-create-commit.default.json"),
            Map.entry("content", "repos-get-content.response-if-content-is-a-file.json"),
            Map.entry("ref", "git-get-ref.default.json"),
            Map.entry("created_ref", "git-create-ref.default.json"),
            Map.entry("updated_ref", "git-update-ref.default.json"),
            Map.entry("compare", "repos-compare-commits-with-basehead.default.json"),
            Map.entry("pull", "pulls-get.default.json"),
            Map.entry("created_pull", "pulls-create.default.json"),
            Map.entry("pulls", "pulls-list.default.json"),
            Map.entry("pull_files", "pulls-list-files.default.json"),
            Map.entry("merge", "pulls-merge.response-if-merge-was-successful.json"),
            Map.entry("app", "apps-get-authenticated.default.json"),
            Map.entry("installation", "apps-get-installation.default.json"),
            Map.entry("installation_token", "apps-create-installation-access-token.default.json"),
            Map.entry("deployments", "repos-list-deployments.default.json"),
            Map.entry("deployment_statuses", "repos-list-deployment-statuses.default.json"));
    private static final String SHAPES_FOLDER = "/standins/github/shapes/";
    private static final String WEBHOOKS_FOLDER = "/standins/github/webhooks/";
    /** The repositories and the owners the examples talk about (the webhook payloads' is Codertocat's). */
    private static final Pattern EXAMPLE_REPOSITORY = Pattern.compile(
            "(?:octocat|octokit)/(?:Hello-World-Template|Hello-World|octokit\\.rb|example)|Codertocat/Hello-World");
    private static final Pattern EXAMPLE_OWNER = Pattern.compile("octocat|Codertocat");
    private static final List<String> GITHUB_HOSTS = List.of("https://api.github.com", "https://raw.githubusercontent.com",
            "https://svn.github.com", "https://github.com", "git://github.com");

    private final JsonMapper json;
    private final Map<String, JsonNode> examples;
    private final JsonNode pullRequestClosed;
    private final JsonNode deploymentStatusCreated;
    private final String base;
    private final String owner;
    private final String name;

    /** @param base the stand-in's base URL, without a trailing slash */
    Examples(JsonMapper json, String base, String fullName) {
        this.json = json;
        this.base = base;
        this.owner = fullName.substring(0, fullName.indexOf('/'));
        this.name = fullName.substring(fullName.indexOf('/') + 1);
        this.examples = SHAPES.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> read(SHAPES_FOLDER + e.getValue())));
        this.pullRequestClosed = read(WEBHOOKS_FOLDER + "pull_request.closed.payload.json");
        this.deploymentStatusCreated = read(WEBHOOKS_FOLDER + "deployment_status.created.payload.json");
    }

    JsonMapper json() {
        return json;
    }

    /** The stand-in's base URL, without a trailing slash. */
    String base() {
        return base;
    }

    String owner() {
        return owner;
    }

    String name() {
        return name;
    }

    String fullName() {
        return owner + "/" + name;
    }

    /** The repository's API URL, {@code …/repos/acme/shop}. */
    String repoApi() {
        return base + "/repos/" + fullName();
    }

    /** The repository's web URL, {@code …/acme/shop}: GitHub's html_url, here under the stand-in. */
    String repoWeb() {
        return base + "/" + fullName();
    }

    /** A copy of the REST example of that name, moved to the stand-in. */
    ObjectNode object(String key) {
        return (ObjectNode) rehome(examples.get(key).deepCopy());
    }

    /** A copy of the REST example of that name that is an array, moved to the stand-in. */
    ArrayNode array(String key) {
        return (ArrayNode) rehome(examples.get(key).deepCopy());
    }

    /** A copy of octokit's {@code pull_request} {@code closed} webhook payload, moved to the stand-in. */
    ObjectNode pullRequestClosed() {
        return (ObjectNode) rehome(pullRequestClosed.deepCopy());
    }

    /** A copy of octokit's {@code deployment_status} {@code created} webhook payload, moved to the stand-in. */
    ObjectNode deploymentStatusCreated() {
        return (ObjectNode) rehome(deploymentStatusCreated.deepCopy());
    }

    /** Makes a repository of an example the demo repository, whose name the examples give without the owner. */
    void nameRepository(ObjectNode repository) {
        repository.put("name", name);
        repository.put("full_name", fullName());
        repository.put("default_branch", DemoRepository.BRANCH);
    }

    private JsonNode rehome(JsonNode node) {
        if (node.isString()) {
            return StringNode.valueOf(rehome(node.asString()));
        }
        if (node.isObject()) {
            var object = (ObjectNode) node;
            for (var field : List.copyOf(object.propertyNames())) {
                object.set(field, rehome(object.get(field)));
            }
        } else if (node.isArray()) {
            var array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, rehome(array.get(i)));
            }
        }
        return node;
    }

    private String rehome(String text) {
        var moved = EXAMPLE_REPOSITORY.matcher(text).replaceAll(Matcher.quoteReplacement(fullName()));
        moved = EXAMPLE_OWNER.matcher(moved).replaceAll(Matcher.quoteReplacement(owner))
                .replace("git@github.com:", base + "/");
        for (var host : GITHUB_HOSTS) {
            moved = moved.replace(host, base);
        }
        return moved;
    }

    private JsonNode read(String resource) {
        try (InputStream in = Examples.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing example " + resource);
            }
            return json.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
