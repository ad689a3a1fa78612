package dev.debugd.standins.github;

import dev.debugd.standins.github.RepositoryReader.FileDiff;
import dev.debugd.standins.github.RepositoryWriter.Person;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.Constants;

/**
 * The stand-in's pull requests, in memory: opened, edited, merged with a merge commit on the base branch, closed, as
 * GitHub's pulls API and its merge button do them, refusing what GitHub refuses with GitHub's words. The repository's
 * owner is the stand-in's one user: it opens, merges and closes them all. Thread-safe: the HTTP server, a test and the
 * scheduled reviewer act on them at once.
 */
final class PullRequests {

    /** What a pull request changes: its files and commits since the merge base, and whether it merges cleanly. */
    record Changes(List<FileDiff> files, int commits, Optional<Boolean> mergeable) {

        int additions() {
            return files.stream().mapToInt(FileDiff::additions).sum();
        }

        int deletions() {
            return files.stream().mapToInt(FileDiff::deletions).sum();
        }
    }

    /** Which pull requests a list asks for, as {@code GET /pulls} filters and sorts them. */
    record Query(String state, Optional<String> head, Optional<String> base, String sort, boolean ascending) {}

    private static final String NOT_MERGEABLE = "Pull Request is not mergeable";

    private final RepositoryReader reader;
    private final RepositoryWriter writer;
    private final String owner;
    private final Consumer<PullRequest> opened;
    private final Consumer<PullRequest> closed;
    private final TreeMap<Integer, PullRequest> byNumber = new TreeMap<>();

    /**
     * @param owner  the repository's owner's login
     * @param opened told of each new pull request
     * @param closed told of each pull request merged or closed
     */
    PullRequests(RepositoryReader reader, RepositoryWriter writer, String owner, Consumer<PullRequest> opened,
            Consumer<PullRequest> closed) {
        this.reader = reader;
        this.writer = writer;
        this.owner = owner;
        this.opened = opened;
        this.closed = closed;
    }

    /** @param head the head branch, alone or as {@code owner:branch} */
    synchronized PullRequest open(String title, String head, String base, String body) throws IOException {
        if (title.isBlank()) {
            throw GitHubError.validationFailed("resource", "PullRequest", "field", "title", "code", "missing_field");
        }
        var branch = head.startsWith(owner + ":") ? head.substring(owner.length() + 1) : head;
        var headSha = branchHead(branch).orElseThrow(() -> invalid("head"));
        var baseSha = branchHead(base).orElseThrow(() -> invalid("base"));
        for (var other : byNumber.values()) {
            if (other.open() && other.head().equals(branch) && other.base().equals(base)) {
                throw GitHubError.validationFailed("resource", "PullRequest", "code", "custom",
                        "message", "A pull request already exists for " + owner + ":" + branch + ".");
            }
        }
        if (reader.mergeBase(baseSha, headSha).isEmpty()) {
            throw GitHubError.validationFailed("resource", "PullRequest", "code", "custom",
                    "message", "The " + branch + " branch has no history in common with " + base);
        }
        if (reader.between(baseSha, headSha).isEmpty()) {
            throw GitHubError.validationFailed("resource", "PullRequest", "code", "custom",
                    "message", "No commits between " + base + " and " + branch);
        }
        var now = now();
        int number = byNumber.isEmpty() ? 1 : byNumber.lastKey() + 1;
        var pullRequest = new PullRequest(number, title, body, branch, headSha, base, baseSha, now, now, Optional.empty(),
                Optional.empty());
        byNumber.put(number, pullRequest);
        opened.accept(pullRequest);
        return pullRequest;
    }

    synchronized PullRequest get(int number) throws IOException {
        var pullRequest = byNumber.get(number);
        if (pullRequest == null) {
            throw new GitHubError(404, "Not Found");
        }
        return current(pullRequest);
    }

    synchronized List<PullRequest> all() throws IOException {
        var all = new ArrayList<PullRequest>();
        for (var pullRequest : byNumber.values()) {
            all.add(current(pullRequest));
        }
        return all;
    }

    /** @param query {@code head} as {@code owner:branch}, as GitHub takes it */
    synchronized List<PullRequest> list(Query query) throws IOException {
        var found = new ArrayList<PullRequest>();
        for (var pullRequest : all()) {
            if ((query.state().equals("all") || query.state().equals(pullRequest.state()))
                    && query.head().map(head -> head.equals(owner + ":" + pullRequest.head())).orElse(true)
                    && query.base().map(pullRequest.base()::equals).orElse(true)) {
                found.add(pullRequest);
            }
        }
        Comparator<PullRequest> order = query.sort().equals("updated") ? Comparator.comparing(PullRequest::updatedAt)
                : Comparator.comparing(PullRequest::createdAt);
        order = order.thenComparing(PullRequest::number);
        found.sort(query.ascending() ? order : order.reversed());
        return found;
    }

    /**
     * Merges with a merge commit, as GitHub's default merge method does: "Merge pull request #n from owner/branch", then
     * the given message or the pull request's title.
     *
     * @param expectedHeadSha the head SHA the merge is for, if the caller names one
     * @throws GitHubError 405 on a conflict or when not open, 409 when the head is not the one expected
     */
    synchronized PullRequest merge(int number, Optional<String> commitTitle, Optional<String> commitMessage,
            Optional<String> expectedHeadSha) throws IOException {
        var pullRequest = get(number);
        if (!pullRequest.open()) {
            throw new GitHubError(405, NOT_MERGEABLE);
        }
        if (expectedHeadSha.isPresent() && !expectedHeadSha.get().equals(pullRequest.headSha())) {
            throw new GitHubError(409, "Head branch was modified. Review and try the merge again.");
        }
        var now = now();
        var message = commitTitle.orElse("Merge pull request #" + number + " from " + owner + "/" + pullRequest.head())
                + "\n\n" + commitMessage.orElse(pullRequest.title());
        // GitHub's merge button: the merging user authors it, GitHub commits it.
        var mergeSha = writer.merge(pullRequest.base(), pullRequest.baseSha(), pullRequest.headSha(), message,
                Person.user(owner, now), Person.gitHub(now))
                .orElseThrow(() -> new GitHubError(405, NOT_MERGEABLE));
        return finish(pullRequest.closed(now, Optional.of(new PullRequest.Merge(mergeSha, now, owner))));
    }

    /** Closes without merging; a pull request already closed stays as it is, as GitHub leaves it. */
    synchronized PullRequest close(int number) throws IOException {
        var pullRequest = get(number);
        return pullRequest.open() ? finish(pullRequest.closed(now(), Optional.empty())) : pullRequest;
    }

    /**
     * Changes the title, the body or the state as {@code PATCH /pulls/{n}} does; reopening and moving the base are
     * GitHub's too but not the stand-in's, and are refused.
     */
    synchronized PullRequest edit(int number, Optional<String> title, Optional<String> body, Optional<String> state,
            Optional<String> base) throws IOException {
        var pullRequest = get(number);
        if (base.isPresent() && !base.get().equals(pullRequest.base())) {
            throw GitHubError.validationFailed("resource", "PullRequest", "field", "base", "code", "invalid",
                    "message", "the stand-in does not change a pull request's base");
        }
        if (state.isPresent() && !state.get().equals("open") && !state.get().equals("closed")) {
            throw GitHubError.validationFailed("resource", "PullRequest", "field", "state", "code", "invalid");
        }
        if (state.isPresent() && state.get().equals("open") && !pullRequest.open()) {
            throw GitHubError.validationFailed("resource", "PullRequest", "field", "state", "code", "invalid",
                    "message", "the stand-in does not reopen pull requests");
        }
        if (title.isPresent() || body.isPresent()) {
            pullRequest = pullRequest.edited(title.orElse(pullRequest.title()), body.orElse(pullRequest.body()), now());
            byNumber.put(number, pullRequest);
        }
        return state.isPresent() && state.get().equals("closed") ? close(number) : pullRequest;
    }

    /** The files and commits since the merge base (GitHub's three-dot diff), and the mergeability of one still open. */
    Changes changes(PullRequest pullRequest) throws IOException {
        var mergeBase = reader.mergeBase(pullRequest.baseSha(), pullRequest.headSha()).orElseThrow();
        var files = reader.diff(Optional.of(reader.commit(mergeBase).orElseThrow().treeSha()),
                reader.commit(pullRequest.headSha()).orElseThrow().treeSha());
        var mergeable = pullRequest.open()
                ? Optional.of(writer.mergeTree(pullRequest.baseSha(), pullRequest.headSha()).isPresent())
                : Optional.<Boolean>empty();
        return new Changes(files, reader.between(mergeBase, pullRequest.headSha()).size(), mergeable);
    }

    private PullRequest finish(PullRequest done) {
        byNumber.put(done.number(), done);
        closed.accept(done);
        return done;
    }

    /** An open pull request with its branches' heads as they are now; a closed one as it was. */
    private PullRequest current(PullRequest pullRequest) throws IOException {
        if (!pullRequest.open()) {
            return pullRequest;
        }
        return pullRequest.withShas(branchHead(pullRequest.head()).orElse(pullRequest.headSha()),
                branchHead(pullRequest.base()).orElse(pullRequest.baseSha()));
    }

    private Optional<String> branchHead(String branch) throws IOException {
        return branch.isEmpty() ? Optional.empty() : reader.ref(Constants.R_HEADS + branch);
    }

    private static GitHubError invalid(String field) {
        return GitHubError.validationFailed("resource", "PullRequest", "field", field, "code", "invalid");
    }

    /** GitHub's times have whole seconds. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
