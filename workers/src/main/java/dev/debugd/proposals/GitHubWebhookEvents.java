package dev.debugd.proposals;

import dev.debugd.timeline.Event;
import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a GitHub webhook delivery (its signature already checked) comes to for one tenant's Integration: a merged pull
 * request of ours that proposed a fix is a {@code FixApplied}, attributed by its branch alone (so a merge read before
 * our own {@code FixProposed} still counts), at {@code merged_at}; an instrumentation merge or a close without a merge
 * is a {@code PullRequestClosed} on the incident; a successful deployment is a {@code DeploymentSucceeded}, kept for the
 * resolver; a delivery naming another tenant's branch or another repository is refused; everything else is acknowledged
 * and ignored. Pure.
 */
public final class GitHubWebhookEvents {

    /** The producer of the facts webhooks bring. */
    public static final Event.Agent RECEIVER = new Event.Agent("github-webhooks", "1");
    /** The tenant's pseudo-incident that deployments are recorded under: they belong to no incident until the resolver says. */
    public static final String DEPLOYMENTS = "_deployments";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a delivery comes to. */
    public sealed interface Outcome {
        /** A fact to record. */
        record Fact(Event event) implements Outcome {}

        /** Acknowledged, and nothing to record. */
        record Ignored(String why) implements Outcome {}

        /** Refused: {@code status} 400 for a body that is not GitHub's, 403 for what this Integration may not settle. */
        record Refused(int status, String reason) implements Outcome {}
    }

    private GitHubWebhookEvents() {}

    /**
     * @param tenant     the tenant of the Integration the delivery was addressed to
     * @param repository that Integration's repository, owner/name
     * @param event      the {@code X-GitHub-Event} header
     */
    public static Outcome read(String tenant, String repository, String event, byte[] body) {
        if (!"pull_request".equals(event) && !"deployment_status".equals(event)) {
            return new Outcome.Ignored("a " + event + " event is not used");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return new Outcome.Refused(400, "the body is not JSON");
        }
        if ("deployment_status".equals(event)) {
            return deployment(tenant, repository, root);
        }
        var pull = root.path("pull_request");
        if (!root.isObject() || !pull.isObject()) {
            return new Outcome.Refused(400, "a pull_request event without its pull_request");
        }
        if (!"closed".equals(root.path("action").asString(""))) {
            return new Outcome.Ignored("pull request " + root.path("action").asString("") + ": only merges are recorded");
        }
        var branch = pull.path("head").path("ref").asString("");
        var owner = ProposalBranches.owner(branch);
        if (owner.isEmpty()) {
            return new Outcome.Ignored("branch " + branch + " is not one of ours");
        }
        var named = root.path("repository").path("full_name").asString("");
        if (!named.equalsIgnoreCase(repository)) {
            return new Outcome.Refused(403, "the delivery is about " + named + ", not this Integration's repository");
        }
        if (!owner.get().tenant().equals(tenant)) {
            return new Outcome.Refused(403, "the branch is another tenant's, not this Integration's");
        }
        boolean merged = pull.path("merged").asBoolean(false);
        int number = pull.path("number").asInt(0);
        var mergeSha = pull.path("merge_commit_sha").asString("");
        Instant at;
        try {
            at = Instant.parse(pull.path(merged ? "merged_at" : "closed_at").asString(""));
        } catch (DateTimeParseException e) {
            return new Outcome.Refused(400, "a closed pull request without its " + (merged ? "merged_at" : "closed_at") + " time");
        }
        if (number < 1 || (merged && mergeSha.isEmpty())) {
            return new Outcome.Refused(400, "a closed pull request without its number or merge commit");
        }
        var by = merged ? pull.path("merged_by").path("login").asString(null) : root.path("sender").path("login").asString(null);
        return new Outcome.Fact(closed(owner.get(), branch, repository, number, merged, mergeSha, by, at));
    }

    /**
     * A successful deployment of the Integration's repository, whatever its environment, is kept for the resolver (which
     * knows the production environment as recorded when it decides); other states are not.
     */
    private static Outcome deployment(String tenant, String repository, JsonNode root) {
        var status = root.path("deployment_status");
        var deployment = root.path("deployment");
        if (!root.isObject() || !status.isObject() || !deployment.isObject()) {
            return new Outcome.Refused(400, "a deployment_status event without its deployment and status");
        }
        var named = root.path("repository").path("full_name").asString("");
        if (!named.equalsIgnoreCase(repository)) {
            return new Outcome.Refused(403, "the delivery is about " + named + ", not this Integration's repository");
        }
        var state = status.path("state").asString("");
        if (!"success".equals(state)) {
            return new Outcome.Ignored("a deployment " + state + ": only successful deployments are kept");
        }
        long id = deployment.path("id").asLong(0);
        var sha = deployment.path("sha").asString("");
        var environment = status.path("environment").asString(deployment.path("environment").asString(""));
        Instant at;
        try {
            at = Instant.parse(status.path("created_at").asString(""));
        } catch (DateTimeParseException e) {
            return new Outcome.Refused(400, "a deployment status without its created_at time");
        }
        if (id < 1 || sha.isEmpty() || environment.isEmpty()) {
            return new Outcome.Refused(400, "a deployment without its id, sha or environment");
        }
        return new Outcome.Fact(Event.create(at, tenant, DEPLOYMENTS, 1, new Payload.DeploymentSucceeded(repository, environment,
                sha, id, status.path("creator").path("login").asString(null)), RECEIVER,
                IdempotencyKey.deployment(tenant, repository, id), null));
    }

    /**
     * What a closed pull request of ours is, however it was learnt (a webhook, or polling the pull requests): a merged
     * fix is a {@code FixApplied}; an instrumentation merge or a close without a merge a {@code PullRequestClosed}. One
     * key each, so one fact.
     */
    public static Event closed(ProposalBranches.Owner owner, String branch, String repository, int pullRequest, boolean merged,
            String mergeCommitSha, String by, Instant at) {
        if (merged && owner.kind() == ProposalBranches.Kind.FIX) {
            return fixApplied(owner, repository, pullRequest, mergeCommitSha, by, at);
        }
        return Event.create(at, owner.tenant(), owner.incident(), owner.cycle(), new Payload.PullRequestClosed(repository, pullRequest,
                branch, owner.kind() == ProposalBranches.Kind.FIX ? "fix" : "instrumentation", merged, merged ? mergeCommitSha : null,
                by), RECEIVER, IdempotencyKey.closed(owner.tenant(), owner.incident(), owner.cycle(), repository, pullRequest), null);
    }

    /**
     * The FixApplied of a merged fix branch of ours, however the merge was learnt (a webhook, or polling the pull
     * requests): one key, so one fact.
     */
    private static Event fixApplied(ProposalBranches.Owner owner, String repository, int pullRequest, String mergeCommitSha,
            String mergedBy, Instant mergedAt) {
        return Event.create(mergedAt, owner.tenant(), owner.incident(), owner.cycle(),
                new Payload.FixApplied(repository, pullRequest, mergeCommitSha, mergedBy), RECEIVER,
                IdempotencyKey.merge(owner.tenant(), owner.incident(), owner.cycle(), repository, pullRequest), null);
    }
}
