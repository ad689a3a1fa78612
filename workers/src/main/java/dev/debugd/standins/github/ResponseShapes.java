package dev.debugd.standins.github;

import dev.debugd.standins.github.RepositoryReader.Blob;
import dev.debugd.standins.github.RepositoryReader.Commit;
import dev.debugd.standins.github.RepositoryReader.Entry;
import dev.debugd.standins.github.RepositoryReader.FileDiff;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub's REST responses about the repository, its Git database and a pull request's files, each made from GitHub's
 * own example of it ({@link Examples}): a copy of the example, every key kept, with the demo repository's values set
 * and every URL pointing at the stand-in. What the demo has no value for (ids, node ids, licence, counts) keeps the
 * example's.
 */
final class ResponseShapes {

    private static final Base64.Encoder GITHUB_BASE64 = Base64.getMimeEncoder(60, new byte[] {'\n'});

    private final Examples examples;
    private final String owner;
    private final String name;
    private final String repoApi;
    private final String repoWeb;

    ResponseShapes(Examples examples) {
        this.examples = examples;
        this.owner = examples.owner();
        this.name = examples.name();
        this.repoApi = examples.repoApi();
        this.repoWeb = examples.repoWeb();
    }

    ObjectNode root() {
        return examples.object("root");
    }

    ObjectNode rateLimit() {
        return examples.object("rate_limit");
    }

    ObjectNode repository(String defaultBranch, Instant created, Instant pushed) {
        var repository = examples.object("repository");
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
        var response = examples.object("commit");
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
        return fillTree(examples.object("tree"), treeSha, entries);
    }

    /** @param entries the new tree's own entries: GitHub lists them, not the sub-trees' */
    ObjectNode createdTree(String treeSha, List<Entry> entries) {
        return fillTree(examples.object("created_tree"), treeSha, entries);
    }

    ObjectNode createdBlob(String sha) {
        var response = examples.object("created_blob");
        response.put("url", repoApi + "/git/blobs/" + sha);
        response.put("sha", sha);
        return response;
    }

    /** A commit as the Git database API gives it ({@code /git/commits}): no stats or files, unlike {@link #commit}. */
    ObjectNode gitCommit(Commit commit) {
        return fillGitCommit(examples.object("git_commit"), commit);
    }

    ObjectNode createdGitCommit(Commit commit) {
        return fillGitCommit(examples.object("created_git_commit"), commit);
    }

    ObjectNode blob(Blob blob) {
        var response = examples.object("blob");
        response.put("content", base64(blob.content()));
        response.put("encoding", "base64");
        response.put("url", repoApi + "/git/blobs/" + blob.sha());
        response.put("sha", blob.sha());
        response.put("size", blob.content().length);
        return response;
    }

    ObjectNode content(String path, String ref, Blob blob) {
        var content = examples.object("content");
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
        return fillRef(examples.object("ref"), ref, commitSha);
    }

    ObjectNode createdRef(String ref, String commitSha) {
        return fillRef(examples.object("created_ref"), ref, commitSha);
    }

    ObjectNode updatedRef(String ref, String commitSha) {
        return fillRef(examples.object("updated_ref"), ref, commitSha);
    }

    /** @param basehead the {@code base...head} the request named */
    ObjectNode compare(String basehead, Commit base, List<Commit> ahead, int behindBy, List<FileDiff> files) {
        var compare = examples.object("compare");
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

    /** The files a pull request changes, as {@code GET /pulls/{n}/files} lists them. */
    ArrayNode pullRequestFiles(List<FileDiff> diffs, String headSha) {
        var example = examples.array("pull_files");
        var template = (ObjectNode) example.get(0);
        example.removeAll();
        for (var diff : diffs) {
            example.add(fillFile(template.deepCopy(), diff, headSha));
        }
        return example;
    }

    /**
     * GitHub's error body, e.g. {@code {"message":"Not Found","documentation_url":…,"status":"404"}}, with the
     * {@code errors} of a 422 "Validation Failed" before the documentation URL, where GitHub puts them.
     */
    byte[] error(int status, String message, List<Map<String, String>> errors, String documentationUrl) {
        var error = examples.json().createObjectNode();
        error.put("message", message);
        if (!errors.isEmpty()) {
            var list = error.putArray("errors");
            for (var fields : errors) {
                var item = list.addObject();
                fields.forEach(item::put);
            }
        }
        error.put("documentation_url", documentationUrl);
        error.put("status", Integer.toString(status));
        return bytes(error);
    }

    byte[] bytes(JsonNode node) {
        return examples.json().writeValueAsBytes(node);
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
        person((ObjectNode) git.get("author"), commit.authorName(), commit.authorEmail(), commit.authoredAt());
        person((ObjectNode) git.get("committer"), commit.committerName(), commit.committerEmail(), commit.committedAt());
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

    private ObjectNode fillGitCommit(ObjectNode node, Commit commit) {
        node.put("sha", commit.sha());
        node.put("url", repoApi + "/git/commits/" + commit.sha());
        node.put("html_url", repoWeb + "/commit/" + commit.sha());
        person((ObjectNode) node.get("author"), commit.authorName(), commit.authorEmail(), commit.authoredAt());
        person((ObjectNode) node.get("committer"), commit.committerName(), commit.committerEmail(), commit.committedAt());
        node.put("message", commit.message());
        var tree = (ObjectNode) node.get("tree");
        tree.put("url", repoApi + "/git/trees/" + commit.treeSha());
        tree.put("sha", commit.treeSha());
        var template = (ObjectNode) node.get("parents").get(0);
        var parents = node.putArray("parents");
        for (var sha : commit.parents()) {
            var parent = template.deepCopy();
            parent.put("url", repoApi + "/git/commits/" + sha);
            parent.put("sha", sha);
            parent.put("html_url", repoWeb + "/commit/" + sha);
            parents.add(parent);
        }
        return node;
    }

    private ObjectNode fillTree(ObjectNode tree, String treeSha, List<Entry> entries) {
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

    private ObjectNode fillRef(ObjectNode response, String ref, String commitSha) {
        response.put("ref", ref);
        response.put("url", repoApi + "/git/" + ref);
        var object = (ObjectNode) response.get("object");
        object.put("type", "commit");
        object.put("sha", commitSha);
        object.put("url", repoApi + "/git/commits/" + commitSha);
        return response;
    }

    private static void person(ObjectNode person, String name, String email, Instant when) {
        person.put("name", name);
        person.put("email", email);
        person.put("date", when.toString());
    }

    private void fillFiles(ObjectNode node, List<FileDiff> diffs, String commitSha) {
        var template = (ObjectNode) node.get("files").get(0);
        var files = node.putArray("files");
        for (var diff : diffs) {
            files.add(fillFile(template.deepCopy(), diff, commitSha));
        }
    }

    private ObjectNode fillFile(ObjectNode file, FileDiff diff, String commitSha) {
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
        return file;
    }
}
