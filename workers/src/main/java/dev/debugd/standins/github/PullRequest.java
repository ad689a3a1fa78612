package dev.debugd.standins.github;

import java.time.Instant;
import java.util.Optional;

/**
 * A pull request of the stand-in as it stands, in the terms of GitHub's pulls API. Head and base are branches of the
 * repository itself; while the pull request is open their SHAs are the branches' heads, and from its merge or close on
 * they stay what they were then, as GitHub keeps them.
 *
 * @param closedAt when it was merged or closed; empty while open
 * @param merge its merge, if it was merged
 */
public record PullRequest(int number, String title, String body, String head, String headSha, String base, String baseSha,
        Instant createdAt, Instant updatedAt, Optional<Instant> closedAt, Optional<Merge> merge) {

    /**
     * @param commitSha the merge commit on the base branch: its parents are the base's head then and the head's
     * @param mergedBy the login of who merged it
     */
    public record Merge(String commitSha, Instant mergedAt, String mergedBy) {}

    public boolean open() {
        return closedAt.isEmpty();
    }

    public boolean merged() {
        return merge.isPresent();
    }

    /** GitHub's {@code state}: {@code open} or {@code closed}, merged or not. */
    public String state() {
        return open() ? "open" : "closed";
    }

    PullRequest withShas(String headSha, String baseSha) {
        return new PullRequest(number, title, body, head, headSha, base, baseSha, createdAt, updatedAt, closedAt, merge);
    }

    PullRequest edited(String title, String body, Instant at) {
        return new PullRequest(number, title, body, head, headSha, base, baseSha, createdAt, at, closedAt, merge);
    }

    PullRequest closed(Instant at, Optional<Merge> merge) {
        return new PullRequest(number, title, body, head, headSha, base, baseSha, createdAt, at, Optional.of(at), merge);
    }
}
