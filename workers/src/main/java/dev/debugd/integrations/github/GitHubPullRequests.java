package dev.debugd.integrations.github;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.kohsuke.github.GHDirection;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHPullRequestQueryBuilder;
import org.kohsuke.github.GHRef;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;

/**
 * Pull requests through GitHub's REST API (hub4j {@code github-api}) at an Integration's API base URL. On a rate
 * limit or a secondary rate limit the client waits as GitHub says (the reset time, {@code retry-after}) and tries
 * again. Error messages name the URL and the repository, never the token.
 */
public final class GitHubPullRequests implements PullRequestHost {

    /** GitHub's status when a ref or a pull request for the head exists already. */
    private static final int UNPROCESSABLE = 422;

    private final GHRepository repository;
    private final URI apiUrl;

    private GitHubPullRequests(GHRepository repository, URI apiUrl) {
        this.repository = repository;
        this.apiUrl = apiUrl;
    }

    /**
     * @param repository "owner/name"
     * @param credentials allowed to push branches and open pull requests
     */
    public static GitHubPullRequests connect(URI apiUrl, String repository, GitHubCredentials credentials) throws IOException {
        try {
            return new GitHubPullRequests(GitHubApi.client(apiUrl, credentials, GitHubRateLimitHandler.WAIT, GitHubAbuseLimitHandler.WAIT)
                    .getRepository(repository), apiUrl);
        } catch (IOException e) {
            throw new IOException("cannot reach repository " + repository + " at " + apiUrl + ": " + describe(e), e);
        }
    }

    @Override
    public PullRequest open(Change change) throws IOException {
        var found = find(change.branch());
        if (found.isPresent()) {
            return found.get();
        }
        try {
            var head = branch(change.branch()).map(ref -> ref.getObject().getSha());
            if (head.isEmpty()) {
                head = Optional.of(commit(change));
            }
            GHPullRequest opened;
            try {
                opened = repository.createPullRequest(change.title(), change.branch(), repository.getDefaultBranch(), change.body());
            } catch (HttpException e) {
                if (e.getResponseCode() != UNPROCESSABLE) {
                    throw e;
                }
                // Opened meanwhile by another run of the same task.
                return find(change.branch()).orElseThrow(() -> e);
            }
            return pullRequest(opened);
        } catch (IOException e) {
            throw new IOException("cannot open the pull request of " + change.branch() + " in " + repository.getFullName() + " at "
                    + apiUrl + ": " + describe(e), e);
        }
    }

    @Override
    public Optional<PullRequest> find(String branch) throws IOException {
        var owner = repository.getOwnerName();
        for (var pull : repository.queryPullRequests().head(owner + ":" + branch).state(GHIssueState.ALL).list()) {
            if (branch.equals(pull.getHead().getRef())) {
                return Optional.of(pullRequest(pull));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<PullRequest> recentlyClosed(int max) throws IOException {
        var closed = new ArrayList<PullRequest>();
        for (var pull : repository.queryPullRequests().state(GHIssueState.CLOSED).sort(GHPullRequestQueryBuilder.Sort.UPDATED)
                .direction(GHDirection.DESC).list().withPageSize(Math.min(100, max))) {
            if (closed.size() == max) {
                break;
            }
            closed.add(pullRequest(pull));
        }
        return closed;
    }

    /** The branch at the base commit with one commit of the changed files; the commit's SHA. */
    private String commit(Change change) throws IOException {
        var tree = repository.createTree().baseTree(repository.getTree(change.baseCommit()).getSha());
        change.files().forEach((path, text) -> tree.add(path, text, false));
        var commit = repository.createCommit().message(change.commitMessage()).tree(tree.create().getSha())
                .parent(change.baseCommit()).create();
        try {
            repository.createRef("refs/heads/" + change.branch(), commit.getSHA1());
            return commit.getSHA1();
        } catch (HttpException e) {
            if (e.getResponseCode() != UNPROCESSABLE) {
                throw e;
            }
            // The branch was created meanwhile by another run: its head is the change.
            return branch(change.branch()).orElseThrow(() -> e).getObject().getSha();
        }
    }

    private Optional<GHRef> branch(String branch) throws IOException {
        try {
            return Optional.of(repository.getRef("heads/" + branch));
        } catch (GHFileNotFoundException e) {
            return Optional.empty();
        }
    }

    private static PullRequest pullRequest(GHPullRequest pull) throws IOException {
        var mergedBy = pull.isMerged() && pull.getMergedBy() != null ? pull.getMergedBy().getLogin() : null;
        var mergedAt = pull.getMergedAt() == null ? null : pull.getMergedAt().toInstant();
        var closedAt = pull.getClosedAt() == null ? null : pull.getClosedAt().toInstant();
        return new PullRequest(pull.getNumber(), pull.getHtmlUrl().toString(), pull.getHead().getRef(), pull.getHead().getSha(),
                pull.getState().name().toLowerCase(Locale.ROOT), pull.isMerged(), pull.getMergeCommitSha(), mergedBy,
                mergedAt, closedAt);
    }

    private static String describe(IOException e) {
        return e instanceof HttpException http ? "HTTP " + http.getResponseCode() + " " + firstLine(http.getMessage())
                : e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
