package dev.debugd.standins.github;

import dev.debugd.standins.github.RepositoryWriter.Person;
import dev.debugd.standins.github.RepositoryWriter.TreeEntry;
import dev.debugd.standins.github.Route.Call;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The repository's operations: reading it (the repository, commits, trees, blobs, contents, refs, comparisons) and
 * writing to its Git database (blobs, trees, commits, refs), with GitHub's paths, statuses and response shapes.
 */
final class RepositoryRoutes {

    private static final String DOCUMENTATION = "https://docs.github.com/rest/";
    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");

    private final DemoRepository repository;
    private final RepositoryReader reader;
    private final RepositoryWriter writer;
    private final ResponseShapes shapes;

    RepositoryRoutes(DemoRepository repository, RepositoryReader reader, RepositoryWriter writer, ResponseShapes shapes) {
        this.repository = repository;
        this.reader = reader;
        this.writer = writer;
        this.shapes = shapes;
    }

    List<Route> routes() {
        return List.of(
                route("GET", "", "repos/repos#get-a-repository", call -> repository()),
                route("GET", "/commits/(.+)", "commits/commits#get-a-commit", call -> commit(call.group(1))),
                route("GET", "/git/trees/(.+)", "git/trees#get-a-tree",
                        call -> tree(call.group(1), call.parameter("recursive").isPresent())),
                route("GET", "/git/blobs/(.+)", "git/blobs#get-a-blob", call -> ok(shapes.blob(reader.blob(call.group(1))
                        .orElseThrow(RepositoryRoutes::notFound)))),
                route("GET", "/git/commits/(.+)", "git/commits#get-a-commit-object", call -> gitCommit(call.group(1))),
                route("GET", "/git/refs?/(.+)", "git/refs#get-a-reference", call -> ref("refs/" + call.group(1))),
                route("GET", "/contents/(.+)", "repos/contents#get-repository-content",
                        call -> content(call.group(1), call.parameter("ref").orElse(DemoRepository.BRANCH))),
                route("GET", "/compare/(.+)", "commits/commits#compare-two-commits", call -> compare(call.group(1))),
                route("POST", "/git/blobs", "git/blobs#create-a-blob", this::createBlob),
                route("POST", "/git/trees", "git/trees#create-a-tree", this::createTree),
                route("POST", "/git/commits", "git/commits#create-a-commit", this::createCommit),
                route("POST", "/git/refs", "git/refs#create-a-reference", this::createRef),
                route("PATCH", "/git/refs/(.+)", "git/refs#update-a-reference", this::updateRef));
    }

    private Route route(String method, String path, String documentation, Route.Handler handler) {
        return new Route(method, Pattern.compile(Pattern.quote("/repos/" + repository.name()) + path),
                DOCUMENTATION + documentation, handler);
    }

    private Response repository() throws IOException {
        var releases = repository.releases();
        var first = reader.commit(releases.get(0)).orElseThrow();
        var last = reader.commit(releases.get(releases.size() - 1)).orElseThrow();
        return ok(shapes.repository(DemoRepository.BRANCH, first.committedAt(), last.committedAt()));
    }

    /** GitHub answers 422 "No commit found for SHA: …" when a ref names no commit. */
    private Response commit(String ref) throws IOException {
        var commit = reader.commit(ref).orElseThrow(() -> new GitHubError(422, "No commit found for SHA: " + ref));
        var parentTree = commit.parents().isEmpty() ? Optional.<String>empty()
                : Optional.of(reader.commit(commit.parents().get(0)).orElseThrow().treeSha());
        return ok(shapes.commit(commit, reader.diff(parentTree, commit.treeSha())));
    }

    private Response tree(String treeIsh, boolean recursive) throws IOException {
        var tree = reader.treeSha(treeIsh).orElseThrow(RepositoryRoutes::notFound);
        return ok(shapes.tree(tree, reader.tree(tree, recursive)));
    }

    private Response gitCommit(String sha) throws IOException {
        return ok(shapes.gitCommit(reader.commitBySha(sha).orElseThrow(RepositoryRoutes::notFound)));
    }

    /** @param ref the full ref name, {@code refs/heads/…}: any branch, whose name may hold slashes */
    private Response ref(String ref) throws IOException {
        return ok(shapes.ref(ref, reader.ref(ref).orElseThrow(RepositoryRoutes::notFound)));
    }

    private Response content(String path, String ref) throws IOException {
        return ok(shapes.content(path, ref, reader.file(ref, path).orElseThrow(RepositoryRoutes::notFound)));
    }

    private Response compare(String basehead) throws IOException {
        int dots = basehead.indexOf("...");
        if (dots < 0) {
            throw notFound();
        }
        var base = reader.commit(basehead.substring(0, dots)).orElseThrow(RepositoryRoutes::notFound);
        var head = reader.commit(basehead.substring(dots + 3)).orElseThrow(RepositoryRoutes::notFound);
        var ahead = reader.between(base.sha(), head.sha());
        int behindBy = reader.between(head.sha(), base.sha()).size();
        var files = reader.diff(Optional.of(base.treeSha()), head.treeSha());
        return ok(shapes.compare(basehead, base, ahead, behindBy, files));
    }

    /** {@code encoding} {@code utf-8} (GitHub's default) or {@code base64}, whose line breaks GitHub ignores. */
    private Response createBlob(Call call) throws IOException {
        var content = call.required("content");
        var bytes = switch (call.text("encoding").orElse("utf-8")) {
            case "utf-8" -> content.getBytes(StandardCharsets.UTF_8);
            case "base64" -> Base64.getMimeDecoder().decode(content);
            default -> throw Route.Call.invalid("encoding");
        };
        return created(shapes.createdBlob(writer.blob(bytes)));
    }

    /** Entries with {@code content}, with a {@code sha}, or with {@code "sha": null} to delete the path. */
    private Response createTree(Call call) throws IOException {
        var tree = call.body().path("tree");
        if (!tree.isArray()) {
            throw new GitHubError(422, "Invalid request.\n\n\"tree\" wasn't supplied.");
        }
        var entries = new ArrayList<TreeEntry>();
        for (var entry : tree) {
            var path = entry.path("path");
            var mode = entry.path("mode");
            var content = entry.path("content");
            var sha = entry.path("sha");
            boolean deletes = sha.isNull() && content.isMissingNode();
            if (!path.isString() || !mode.isString() || !(content.isString() || sha.isString() || deletes)
                    || content.isString() && sha.isString()) {
                throw new GitHubError(422, "Invalid tree info");
            }
            entries.add(new TreeEntry(path.asString(), mode.asString(),
                    sha.isString() ? Optional.of(sha.asString()) : Optional.empty(),
                    content.isString() ? Optional.of(content.asString()) : Optional.empty()));
        }
        var sha = writer.tree(call.text("base_tree"), entries);
        return created(shapes.createdTree(sha, reader.tree(sha, false)));
    }

    /** Without an author, GitHub's is the authenticated user, now; without a committer, the author. */
    private Response createCommit(Call call) throws IOException {
        var parents = new ArrayList<String>();
        for (var parent : call.body().path("parents")) {
            if (!parent.isString()) {
                throw Route.Call.invalid("parents");
            }
            parents.add(parent.asString());
        }
        // GitHub's times have whole seconds.
        var now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var user = repository.name().substring(0, repository.name().indexOf('/'));
        var author = person(call.body().path("author"), "author", now).orElse(Person.user(user, now));
        var committer = person(call.body().path("committer"), "committer", now).orElse(author);
        var sha = writer.commit(call.required("message"), call.required("tree"), parents, author, committer);
        return created(shapes.createdGitCommit(reader.commit(sha).orElseThrow()));
    }

    private Response createRef(Call call) throws IOException {
        var ref = call.required("ref");
        var sha = call.required("sha");
        writer.createRef(ref, sha);
        return created(shapes.createdRef(ref, reader.ref(ref).orElseThrow()));
    }

    private Response updateRef(Call call) throws IOException {
        var ref = "refs/" + call.group(1);
        var force = call.body().path("force");
        if (!force.isMissingNode() && !force.isNull() && !force.isBoolean()) {
            throw Route.Call.invalid("force");
        }
        writer.updateRef(ref, call.required("sha"), force.asBoolean(false));
        return ok(shapes.updatedRef(ref, reader.ref(ref).orElseThrow()));
    }

    /** An author or committer of a new commit: a name and an e-mail, and a date that defaults to now. */
    private static Optional<Person> person(JsonNode node, String field, Instant now) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        var name = node.path("name");
        var email = node.path("email");
        var date = node.path("date");
        if (!name.isString() || !email.isString() || !(date.isMissingNode() || date.isString())) {
            throw Route.Call.invalid(field);
        }
        try {
            var when = date.isString() ? OffsetDateTime.parse(date.asString()).toInstant() : now;
            return Optional.of(new Person(name.asString(), email.asString(), when));
        } catch (DateTimeParseException e) {
            throw Route.Call.invalid(field);
        }
    }

    private Response ok(JsonNode body) {
        return new Response(200, shapes.bytes(body));
    }

    private Response created(JsonNode body) {
        return new Response(201, shapes.bytes(body));
    }

    private static GitHubError notFound() {
        return new GitHubError(404, "Not Found");
    }
}
