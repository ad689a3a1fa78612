package dev.debugd.standins.github;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The repository's deployments, in memory, oldest first; each has one status, {@code success}. */
final class Deployments {

    /**
     * A deployment with the ref GitHub names it by: the branch the commit was the head of when deployed (main first),
     * else the commit's SHA.
     */
    record Recorded(Deployment deployment, String ref) {}

    private final RepositoryReader reader;
    private final List<Recorded> recorded = new ArrayList<>();

    Deployments(RepositoryReader reader) {
        this.reader = reader;
    }

    /**
     * @param sha a full or abbreviated SHA of a commit of the repository
     * @throws IllegalArgumentException when the repository has no such commit
     */
    synchronized Recorded deploy(String sha, String environment) throws IOException {
        var commit = reader.commitBySha(sha)
                .orElseThrow(() -> new IllegalArgumentException("the repository has no commit " + sha)).sha();
        // One status a deployment: the status's id is the deployment's.
        long id = recorded.size() + 1;
        var deployment = new Deployment(id, id, commit, environment, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        var deployed = new Recorded(deployment, reader.branchAt(commit).orElse(commit));
        recorded.add(deployed);
        return deployed;
    }

    synchronized List<Recorded> newestFirst() {
        var newestFirst = new ArrayList<>(recorded);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    synchronized Optional<Recorded> get(long id) {
        return id < 1 || id > recorded.size() ? Optional.empty() : Optional.of(recorded.get((int) id - 1));
    }
}
