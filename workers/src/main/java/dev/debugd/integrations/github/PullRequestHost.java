package dev.debugd.integrations.github;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pull requests of one repository on its code host: the only side effects the platform has there. */
public interface PullRequestHost {

    /**
     * The pull request of {@code change.branch()}: found when one exists (open, closed or merged), otherwise opened —
     * the branch created at the base commit with one commit of the changed files, unless the branch exists already.
     * Whatever a retried call finds done is not done again.
     */
    PullRequest open(Change change) throws IOException;

    /** The pull request of a branch, if there is one. */
    Optional<PullRequest> find(String branch) throws IOException;

    /** The closed (merged or not) pull requests updated last, newest first, at most {@code max}. */
    List<PullRequest> recentlyClosed(int max) throws IOException;

    /**
     * A change to propose.
     *
     * @param files each changed file's whole new text, by path
     */
    record Change(String branch, String baseCommit, Map<String, String> files, String commitMessage, String title, String body) {}

    /** A pull request as the host reports it; the merge fields are null until it is merged, closedAt until closed. */
    record PullRequest(int number, String url, String branch, String headSha, String state, boolean merged,
            String mergeCommitSha, String mergedBy, Instant mergedAt, Instant closedAt) {}
}
