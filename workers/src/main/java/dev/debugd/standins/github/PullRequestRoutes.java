package dev.debugd.standins.github;

import dev.debugd.standins.github.PullRequests.Query;
import dev.debugd.standins.github.Route.Call;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** The pulls API over {@link PullRequests}: open, list, read, edit or close, list the files of, and merge. */
final class PullRequestRoutes {

    private static final String DOCUMENTATION = "https://docs.github.com/rest/pulls/pulls#";
    private static final Set<String> STATES = Set.of("open", "closed", "all");
    private static final Set<String> SORTS = Set.of("created", "updated", "popularity", "long-running");

    private final String fullName;
    private final PullRequests pullRequests;
    private final PullRequestShapes shapes;
    private final ResponseShapes responses;

    PullRequestRoutes(String fullName, PullRequests pullRequests, PullRequestShapes shapes, ResponseShapes responses) {
        this.fullName = fullName;
        this.pullRequests = pullRequests;
        this.shapes = shapes;
        this.responses = responses;
    }

    List<Route> routes() {
        return List.of(
                route("POST", "", "create-a-pull-request", this::open),
                route("GET", "", "list-pull-requests", this::list),
                route("GET", "/(\\d{1,9})", "get-a-pull-request", call -> {
                    var pullRequest = pullRequests.get(number(call));
                    return ok(shapes.pullRequest(pullRequest, pullRequests.changes(pullRequest)));
                }),
                route("PATCH", "/(\\d{1,9})", "update-a-pull-request", this::edit),
                route("GET", "/(\\d{1,9})/files", "list-pull-requests-files", call -> {
                    var pullRequest = pullRequests.get(number(call));
                    var files = pullRequests.changes(pullRequest).files();
                    return ok(responses.pullRequestFiles(files, pullRequest.headSha()));
                }),
                route("PUT", "/(\\d{1,9})/merge", "merge-a-pull-request", this::merge));
    }

    private Route route(String method, String path, String documentation, Route.Handler handler) {
        return new Route(method, Pattern.compile(Pattern.quote("/repos/" + fullName + "/pulls") + path),
                DOCUMENTATION + documentation, handler);
    }

    private Response open(Call call) throws IOException {
        if (call.body().path("draft").asBoolean(false)) {
            throw GitHubError.validationFailed("resource", "PullRequest", "field", "draft", "code", "invalid",
                    "message", "the stand-in opens no drafts");
        }
        var pullRequest = pullRequests.open(call.required("title"), call.required("head"), call.required("base"),
                call.text("body").orElse(""));
        var created = shapes.createdPullRequest(pullRequest, pullRequests.changes(pullRequest));
        return new Response(201, responses.bytes(created));
    }

    /**
     * GitHub's defaults: open ones, newest first; {@code head} as {@code owner:branch}. Sorting by popularity or
     * long-running sorts by creation: nobody comments in the stand-in. All in one page, however many.
     */
    private Response list(Call call) throws IOException {
        var state = call.parameter("state").orElse("open");
        var sort = call.parameter("sort").orElse("created");
        var direction = call.parameter("direction").orElse(sort.equals("created") ? "desc" : "asc");
        if (!STATES.contains(state) || !SORTS.contains(sort) || !direction.equals("asc") && !direction.equals("desc")) {
            throw GitHubError.validationFailed("resource", "PullRequest", "code", "invalid");
        }
        var query = new Query(state, call.parameter("head"), call.parameter("base"), sort, direction.equals("asc"));
        return ok(shapes.pullRequests(pullRequests.list(query)));
    }

    private Response edit(Call call) throws IOException {
        var pullRequest = pullRequests.edit(number(call), call.text("title"), call.text("body"), call.text("state"),
                call.text("base"));
        return ok(shapes.pullRequest(pullRequest, pullRequests.changes(pullRequest)));
    }

    /** With a merge commit only: squash and rebase are GitHub's too, but not the stand-in's. */
    private Response merge(Call call) throws IOException {
        if (!call.text("merge_method").orElse("merge").equals("merge")) {
            throw GitHubError.validationFailed("resource", "PullRequest", "field", "merge_method", "code", "invalid",
                    "message", "the stand-in merges with a merge commit only");
        }
        var merged = pullRequests.merge(number(call), call.text("commit_title"), call.text("commit_message"),
                call.text("sha"));
        return ok(shapes.merged(merged.merge().orElseThrow().commitSha()));
    }

    private static int number(Call call) {
        return Integer.parseInt(call.group(1));
    }

    private Response ok(JsonNode body) {
        return new Response(200, responses.bytes(body));
    }
}
