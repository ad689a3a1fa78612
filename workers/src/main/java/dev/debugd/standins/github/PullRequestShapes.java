package dev.debugd.standins.github;

import dev.debugd.standins.github.PullRequests.Changes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub's pull request responses and its {@code pull_request} webhook payload, made from GitHub's own examples
 * ({@link Examples}) as {@link ResponseShapes} makes the others: every key kept, the pull request's values set, every
 * URL pointing at the stand-in. The stand-in's one user, the repository's owner, is the examples' user moved there: it
 * opens the pull requests and merges them.
 */
final class PullRequestShapes {

    private final Examples examples;
    private final String owner;
    private final String repoApi;
    private final String repoWeb;

    PullRequestShapes(Examples examples) {
        this.examples = examples;
        this.owner = examples.owner();
        this.repoApi = examples.repoApi();
        this.repoWeb = examples.repoWeb();
    }

    /** {@code GET /pulls/{n}} and {@code PATCH /pulls/{n}}, whose examples are the same. */
    ObjectNode pullRequest(PullRequest pullRequest, Changes changes) {
        return fill(examples.object("pull"), pullRequest, Optional.of(changes));
    }

    ObjectNode createdPullRequest(PullRequest pullRequest, Changes changes) {
        return fill(examples.object("created_pull"), pullRequest, Optional.of(changes));
    }

    /** {@code GET /pulls}: GitHub's shorter items, without mergeability or counts. */
    ArrayNode pullRequests(List<PullRequest> pullRequests) {
        var example = examples.array("pulls");
        var template = (ObjectNode) example.get(0);
        example.removeAll();
        for (var pullRequest : pullRequests) {
            example.add(fill(template.deepCopy(), pullRequest, Optional.empty()));
        }
        return example;
    }

    ObjectNode merged(String mergeCommitSha) {
        var merged = examples.object("merge");
        merged.put("sha", mergeCommitSha);
        merged.put("merged", true);
        merged.put("message", "Pull Request successfully merged");
        return merged;
    }

    /**
     * The {@code pull_request} event with action {@code closed} that GitHub delivers when a pull request is merged or
     * closed: octokit/webhooks' example payload of it ({@code standins/github/webhooks/pull_request.closed.payload.json},
     * closed without merge) with the pull request's own values set as in the REST responses (number, title, body, head
     * and base ref and SHA, URLs, state, merged, merged_at, merged_by, merge_commit_sha) and the repository's name,
     * full name and owner made the demo repository's.
     */
    ObjectNode closedEvent(PullRequest pullRequest, Changes changes) {
        var event = examples.pullRequestClosed();
        event.put("action", "closed");
        event.put("number", pullRequest.number());
        fill((ObjectNode) event.get("pull_request"), pullRequest, Optional.of(changes));
        examples.nameRepository((ObjectNode) event.get("repository"));
        return event;
    }

    /**
     * Sets a pull request's values in a pull-request-shaped node; with its changes, the full pull request's keys
     * (mergeability, counts) too.
     */
    private ObjectNode fill(ObjectNode node, PullRequest pullRequest, Optional<Changes> changes) {
        var api = repoApi + "/pulls/" + pullRequest.number();
        var issue = repoApi + "/issues/" + pullRequest.number();
        var html = repoWeb + "/pull/" + pullRequest.number();
        var statuses = repoApi + "/statuses/" + pullRequest.headSha();
        // The example's id is one pull request's; each of the stand-in's has its own.
        node.put("id", pullRequest.number());
        node.put("url", api);
        node.put("html_url", html);
        node.put("diff_url", html + ".diff");
        node.put("patch_url", html + ".patch");
        node.put("issue_url", issue);
        node.put("commits_url", api + "/commits");
        node.put("review_comments_url", api + "/comments");
        node.put("comments_url", issue + "/comments");
        node.put("statuses_url", statuses);
        node.put("number", pullRequest.number());
        node.put("state", pullRequest.state());
        node.put("locked", false);
        node.putNull("active_lock_reason");
        node.put("title", pullRequest.title());
        node.put("body", pullRequest.body());
        // Nobody labels, plans, assigns or is asked to review in the stand-in.
        node.putArray("labels");
        node.putNull("milestone");
        node.putNull("assignee");
        node.putArray("assignees");
        node.putArray("requested_reviewers");
        node.putArray("requested_teams");
        node.put("created_at", pullRequest.createdAt().toString());
        node.put("updated_at", pullRequest.updatedAt().toString());
        putTime(node, "closed_at", pullRequest.closedAt());
        putTime(node, "merged_at", pullRequest.merge().map(PullRequest.Merge::mergedAt));
        if (pullRequest.merged()) {
            node.put("merge_commit_sha", pullRequest.merge().get().commitSha());
        } else {
            node.putNull("merge_commit_sha");
        }
        fillBranch((ObjectNode) node.get("head"), pullRequest.head(), pullRequest.headSha());
        fillBranch((ObjectNode) node.get("base"), pullRequest.base(), pullRequest.baseSha());
        var links = (ObjectNode) node.get("_links");
        link(links, "self", api);
        link(links, "html", html);
        link(links, "issue", issue);
        link(links, "comments", issue + "/comments");
        link(links, "review_comments", api + "/comments");
        link(links, "commits", api + "/commits");
        link(links, "statuses", statuses);
        node.put("author_association", "OWNER");
        node.putNull("auto_merge");
        node.put("draft", false);
        changes.ifPresent(known -> fillFull(node, pullRequest, known));
        return node;
    }

    private void fillFull(ObjectNode node, PullRequest pullRequest, Changes changes) {
        node.put("merged", pullRequest.merged());
        // GitHub works out mergeability for open pull requests only, and gives null for the others.
        if (changes.mergeable().isPresent()) {
            node.put("mergeable", changes.mergeable().get());
            node.put("rebaseable", changes.mergeable().get());
            node.put("mergeable_state", changes.mergeable().get() ? "clean" : "dirty");
        } else {
            node.putNull("mergeable");
            node.putNull("rebaseable");
            node.put("mergeable_state", "unknown");
        }
        if (pullRequest.merged()) {
            node.set("merged_by", node.get("user").deepCopy());
        } else {
            node.putNull("merged_by");
        }
        node.put("comments", 0);
        node.put("review_comments", 0);
        // A pull request from a branch of the repository itself: there is no fork for maintainers to push to.
        node.put("maintainer_can_modify", false);
        node.put("commits", changes.commits());
        node.put("additions", changes.additions());
        node.put("deletions", changes.deletions());
        node.put("changed_files", changes.files().size());
    }

    private void fillBranch(ObjectNode branch, String ref, String sha) {
        branch.put("label", owner + ":" + ref);
        branch.put("ref", ref);
        branch.put("sha", sha);
        examples.nameRepository((ObjectNode) branch.get("repo"));
    }

    private static void link(ObjectNode links, String name, String href) {
        ((ObjectNode) links.get(name)).put("href", href);
    }

    private static void putTime(ObjectNode node, String key, Optional<Instant> time) {
        if (time.isPresent()) {
            node.put(key, time.get().toString());
        } else {
            node.putNull(key);
        }
    }
}
