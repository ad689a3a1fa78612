package dev.debugd.standins.github;

import dev.debugd.standins.github.RepositoryReader.Blob;
import dev.debugd.standins.github.RepositoryReader.Commit;
import dev.debugd.standins.github.RepositoryReader.Entry;
import dev.debugd.standins.github.RepositoryReader.FileDiff;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * GitHub's REST responses, each made from GitHub's own example of it ({@code standins/github/shapes/}, from its
 * OpenAPI description): a copy of the example, every key kept, with the demo repository's values set and every URL
 * pointing at the stand-in. What the demo has no value for (ids, node ids, licence, counts) keeps the example's.
 */
final class ResponseShapes {

    private static final String SHAPES = "/standins/github/shapes/";
    private static final Base64.Encoder GITHUB_BASE64 = Base64.getMimeEncoder(60, new byte[] {'\n'});
    /** The repositories and the owner the examples talk about. */
    private static final Pattern EXAMPLE_REPOSITORY = Pattern.compile(
            "(?:octocat|octokit)/(?:Hello-World-Template|Hello-World|octokit\\.rb|example)");
    private static final String EXAMPLE_OWNER = "octocat";
    private static final List<String> GITHUB_HOSTS = List.of("https://api.github.com", "https://raw.githubusercontent.com",
            "https://svn.github.com", "https://github.com", "git://github.com");

    private final JsonMapper json;
    private final Map<String, JsonNode> examples;
    private final String base;
    private final String owner;
    private final String name;
    private final String repoApi;
    private final String repoWeb;

    /** @param base the stand-in's base URL, without a trailing slash */
    ResponseShapes(JsonMapper json, String base, String fullName) {
        this.json = json;
        this.base = base;
        this.owner = fullName.substring(0, fullName.indexOf('/'));
        this.name = fullName.substring(fullName.indexOf('/') + 1);
        this.repoApi = base + "/repos/" + fullName;
        this.repoWeb = base + "/" + fullName;
        this.examples = Map.of(
                "root", read("meta-root.default.json"),
                "rate_limit", read("rate-limit-get.default.json"),
                "repository", read("repos-get.default-response.json"),
                "commit", read("repos-get-commit.default.json"),
                "tree", read("git-get-tree.response-recursively-retrieving-a-tree.json"),
                "blob", read("git-get-blob.default.json"),
                "content", read("repos-get-content.response-if-content-is-a-file.json"),
                "ref", read("git-get-ref.default.json"),
                "compare", read("repos-compare-commits-with-basehead.default.json"));
    }

    ObjectNode root() {
        return example("root");
    }

    ObjectNode rateLimit() {
        return example("rate_limit");
    }

    ObjectNode repository(String defaultBranch, Instant created, Instant pushed) {
        var repository = example("repository");
        repository.put("name", name);
        repository.put("full_name", owner + "/" + name);
        repository.put("description", "The demo shop's services (GitHub stand-in)");
        repository.put("default_branch", defaultBranch);
        repository.put("fork", false);
        repository.put("private", false);
        repository.put("visibility", "public");
        repository.put("homepage", repoWeb);
        repository.put("created_at", created.toString());
        repository.put("pushed_at", pushed.toString());
        repository.put("updated_at", pushed.toString());
        repository.putArray("topics").add("demo");
        for (var notAForkOrFromATemplate : List.of("parent", "source", "template_repository")) {
            repository.putNull(notAForkOrFromATemplate);
        }
        return repository;
    }

    ObjectNode commit(Commit commit, List<FileDiff> files) {
        var response = example("commit");
        fillCommit(response, commit);
        var stats = (ObjectNode) response.get("stats");
        int additions = files.stream().mapToInt(FileDiff::additions).sum();
        int deletions = files.stream().mapToInt(FileDiff::deletions).sum();
        stats.put("additions", additions);
        stats.put("deletions", deletions);
        stats.put("total", additions + deletions);
        fillFiles(response, files, commit.sha());
        return response;
    }

    ObjectNode tree(String treeSha, List<Entry> entries) {
        var tree = example("tree");
        tree.put("sha", treeSha);
        tree.put("url", repoApi + "/git/trees/" + treeSha);
        tree.put("truncated", false);
        var template = (ObjectNode) tree.get("tree").get(0);
        var items = tree.putArray("tree");
        for (var entry : entries) {
            var item = template.deepCopy();
            item.put("path", entry.path());
            item.put("mode", entry.mode());
            item.put("type", entry.type());
            item.put("sha", entry.sha());
            if (entry.type().equals("tree")) {
                item.remove("size"); // GitHub gives no size for a tree
                item.put("url", repoApi + "/git/trees/" + entry.sha());
            } else {
                item.put("size", entry.size());
                item.put("url", repoApi + "/git/blobs/" + entry.sha());
            }
            items.add(item);
        }
        return tree;
    }

    ObjectNode blob(Blob blob) {
        var response = example("blob");
        response.put("content", base64(blob.content()));
        response.put("encoding", "base64");
        response.put("url", repoApi + "/git/blobs/" + blob.sha());
        response.put("sha", blob.sha());
        response.put("size", blob.content().length);
        return response;
    }

    ObjectNode content(String path, String ref, Blob blob) {
        var content = example("content");
        var self = repoApi + "/contents/" + path + "?ref=" + ref;
        var git = repoApi + "/git/blobs/" + blob.sha();
        var html = repoWeb + "/blob/" + ref + "/" + path;
        content.put("type", "file");
        content.put("encoding", "base64");
        content.put("size", blob.content().length);
        content.put("name", path.substring(path.lastIndexOf('/') + 1));
        content.put("path", path);
        content.put("content", base64(blob.content()));
        content.put("sha", blob.sha());
        content.put("url", self);
        content.put("git_url", git);
        content.put("html_url", html);
        content.put("download_url", repoWeb + "/raw/" + ref + "/" + path);
        var links = (ObjectNode) content.get("_links");
        links.put("git", git);
        links.put("self", self);
        links.put("html", html);
        return content;
    }

    /** @param ref the full ref name, {@code refs/heads/main} */
    ObjectNode ref(String ref, String commitSha) {
        var response = example("ref");
        response.put("ref", ref);
        response.put("url", repoApi + "/git/" + ref);
        var object = (ObjectNode) response.get("object");
        object.put("type", "commit");
        object.put("sha", commitSha);
        object.put("url", repoApi + "/git/commits/" + commitSha);
        return response;
    }

    /** @param basehead the {@code base...head} the request named */
    ObjectNode compare(String basehead, Commit base, List<Commit> ahead, int behindBy, List<FileDiff> files) {
        var compare = example("compare");
        compare.put("url", repoApi + "/compare/" + basehead);
        compare.put("html_url", repoWeb + "/compare/" + basehead);
        compare.put("permalink_url", repoWeb + "/compare/" + owner + ":" + base.sha() + "..." + owner + ":"
                + (ahead.isEmpty() ? base.sha() : ahead.get(ahead.size() - 1).sha()));
        compare.put("diff_url", repoWeb + "/compare/" + basehead + ".diff");
        compare.put("patch_url", repoWeb + "/compare/" + basehead + ".patch");
        fillCommit((ObjectNode) compare.get("base_commit"), base);
        fillCommit((ObjectNode) compare.get("merge_base_commit"), base);
        compare.put("status", ahead.isEmpty() ? (behindBy == 0 ? "identical" : "behind") : (behindBy == 0 ? "ahead" : "diverged"));
        compare.put("ahead_by", ahead.size());
        compare.put("behind_by", behindBy);
        compare.put("total_commits", ahead.size());
        var template = (ObjectNode) compare.get("commits").get(0);
        var commits = compare.putArray("commits");
        for (var commit : ahead) {
            commits.add(fillCommit(template.deepCopy(), commit));
        }
        fillFiles(compare, files, ahead.isEmpty() ? base.sha() : ahead.get(ahead.size() - 1).sha());
        return compare;
    }

    /** GitHub's error body, e.g. {@code {"message":"Not Found","documentation_url":…,"status":"404"}}. */
    byte[] error(int status, String message, String documentationUrl) {
        var error = json.createObjectNode();
        error.put("message", message);
        error.put("documentation_url", documentationUrl);
        error.put("status", Integer.toString(status));
        return bytes(error);
    }

    byte[] bytes(JsonNode node) {
        return json.writeValueAsBytes(node);
    }

    /** Base64 as GitHub gives a file's content: a line break after every 60 characters and at the end. */
    static String base64(byte[] content) {
        return GITHUB_BASE64.encodeToString(content) + "\n";
    }

    /** Sets a commit's values in a commit-shaped node (a commit response, a compare's commit). */
    private ObjectNode fillCommit(ObjectNode node, Commit commit) {
        node.put("url", repoApi + "/commits/" + commit.sha());
        node.put("sha", commit.sha());
        node.put("html_url", repoWeb + "/commit/" + commit.sha());
        node.put("comments_url", repoApi + "/commits/" + commit.sha() + "/comments");
        var git = (ObjectNode) node.get("commit");
        git.put("url", repoApi + "/git/commits/" + commit.sha());
        person((ObjectNode) git.get("author"), commit, commit.authoredAt());
        person((ObjectNode) git.get("committer"), commit, commit.committedAt());
        git.put("message", commit.message().stripTrailing());
        var tree = (ObjectNode) git.get("tree");
        tree.put("url", repoApi + "/git/trees/" + commit.treeSha());
        tree.put("sha", commit.treeSha());
        git.put("comment_count", 0);
        // The demo author's e-mail belongs to no GitHub account: GitHub then gives no user.
        node.putNull("author");
        node.putNull("committer");
        var template = (ObjectNode) node.get("parents").get(0);
        var parents = node.putArray("parents");
        for (var sha : commit.parents()) {
            var parent = template.deepCopy();
            parent.put("url", repoApi + "/commits/" + sha);
            parent.put("sha", sha);
            if (parent.has("html_url")) {
                parent.put("html_url", repoWeb + "/commit/" + sha);
            }
            parents.add(parent);
        }
        return node;
    }

    private static void person(ObjectNode person, Commit commit, Instant when) {
        person.put("name", commit.authorName());
        person.put("email", commit.authorEmail());
        person.put("date", when.toString());
    }

    private void fillFiles(ObjectNode node, List<FileDiff> diffs, String commitSha) {
        var template = (ObjectNode) node.get("files").get(0);
        var files = node.putArray("files");
        for (var diff : diffs) {
            var file = template.deepCopy();
            file.put("sha", diff.blobSha());
            file.put("filename", diff.path());
            file.put("status", diff.status());
            file.put("additions", diff.additions());
            file.put("deletions", diff.deletions());
            file.put("changes", diff.additions() + diff.deletions());
            file.put("blob_url", repoWeb + "/blob/" + commitSha + "/" + diff.path());
            file.put("raw_url", repoWeb + "/raw/" + commitSha + "/" + diff.path());
            file.put("contents_url", repoApi + "/contents/" + diff.path() + "?ref=" + commitSha);
            file.put("patch", diff.patch());
            files.add(file);
        }
    }

    /** A copy of an example, its URLs and names moved to the stand-in and the demo repository. */
    private ObjectNode example(String key) {
        return (ObjectNode) rehome(examples.get(key).deepCopy());
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
        var moved = EXAMPLE_REPOSITORY.matcher(text).replaceAll(Matcher.quoteReplacement(owner + "/" + name))
                .replace(EXAMPLE_OWNER, owner)
                .replace("git@github.com:", base + "/");
        for (var host : GITHUB_HOSTS) {
            moved = moved.replace(host, base);
        }
        return moved;
    }

    private JsonNode read(String file) {
        try (InputStream in = ResponseShapes.class.getResourceAsStream(SHAPES + file)) {
            if (in == null) {
                throw new IllegalStateException("missing response shape " + SHAPES + file);
            }
            return json.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
