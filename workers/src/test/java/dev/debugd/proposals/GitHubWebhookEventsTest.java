package dev.debugd.proposals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.timeline.IdempotencyKey;
import dev.debugd.timeline.Payload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub's real {@code pull_request} closed payload (the shared fixture, Codertocat/Hello-World, closed without a
 * merge), with only the fields a merge of ours would change set by hand.
 */
class GitHubWebhookEventsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BRANCH = "debugd/fix/acme/ep-42/cycle-2-v1";
    private static final String FIXTURE = "../../shared/data/fixtures/github/webhooks/pull_request.closed.payload.json";

    private static ObjectNode closed() throws Exception {
        return (ObjectNode) JSON.readTree(Files.readString(Path.of(FIXTURE)));
    }

    private static byte[] merged(String branch) throws Exception {
        var root = closed();
        var pull = (ObjectNode) root.get("pull_request");
        ((ObjectNode) pull.get("head")).put("ref", branch);
        pull.put("merged", true).put("merged_at", "2026-05-02T09:30:00Z").put("merge_commit_sha", "0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e");
        pull.putObject("merged_by").put("login", "octocat");
        return JSON.writeValueAsBytes(root);
    }

    @Test
    void aMergedFixBranchOfTheTenantIsAFixAppliedAtItsMergeTime() throws Exception {
        var outcome = GitHubWebhookEvents.read("acme", "Codertocat/Hello-World", "pull_request", merged(BRANCH));

        assertThat(outcome).isInstanceOf(GitHubWebhookEvents.Outcome.Fact.class);
        var event = ((GitHubWebhookEvents.Outcome.Fact) outcome).event();
        assertThat(event.payload()).isEqualTo(new Payload.FixApplied("Codertocat/Hello-World", 2,
                "0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e", "octocat"));
        assertThat(event.tenantId()).isEqualTo("acme");
        assertThat(event.incidentId()).isEqualTo("ep-42");
        assertThat(event.cycle()).isEqualTo(2);
        assertThat(event.time()).isEqualTo(Instant.parse("2026-05-02T09:30:00Z"));
        assertThat(event.idempotencyKey()).isEqualTo("acme/ep-42/merge/Codertocat/Hello-World/pr-2/cycle-2")
                .isEqualTo(IdempotencyKey.merge("acme", "ep-42", 2, "Codertocat/Hello-World", 2));
    }

    @Test
    void theFixtureAsItIsClosedWithoutAMergeOnABranchNotOursAndIsIgnored() throws Exception {
        var outcome = GitHubWebhookEvents.read("acme", "Codertocat/Hello-World", "pull_request", JSON.writeValueAsBytes(closed()));
        assertThat(outcome).isEqualTo(new GitHubWebhookEvents.Outcome.Ignored("branch changes is not one of ours"));
    }

    @Test
    void anotherTenantsBranchOrAnotherRepositoryIsRefused() throws Exception {
        assertThat(GitHubWebhookEvents.read("globex", "Codertocat/Hello-World", "pull_request", merged(BRANCH)))
                .isEqualTo(new GitHubWebhookEvents.Outcome.Refused(403, "the branch is another tenant's, not this Integration's"));
        assertThat(GitHubWebhookEvents.read("acme", "acme/shop", "pull_request", merged(BRANCH)))
                .isInstanceOf(GitHubWebhookEvents.Outcome.Refused.class)
                .extracting(o -> ((GitHubWebhookEvents.Outcome.Refused) o).status()).isEqualTo(403);
    }

    @Test
    void anInstrumentationMergeAndACloseWithoutAMergeArePullRequestClosed() throws Exception {
        var instrumentation = "debugd/instrumentation/acme/ep-42/cycle-2-v1";
        var merged = GitHubWebhookEvents.read("acme", "Codertocat/Hello-World", "pull_request", merged(instrumentation));
        assertThat(((GitHubWebhookEvents.Outcome.Fact) merged).event().payload()).isEqualTo(new Payload.PullRequestClosed(
                "Codertocat/Hello-World", 2, instrumentation, "instrumentation", true, "0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e",
                "octocat"));

        var root = closed();
        ((ObjectNode) root.get("pull_request").get("head")).put("ref", BRANCH);
        var unmerged = GitHubWebhookEvents.read("acme", "Codertocat/Hello-World", "pull_request", JSON.writeValueAsBytes(root));
        var event = ((GitHubWebhookEvents.Outcome.Fact) unmerged).event();
        // The fixture's closed_at and sender, as GitHub sent them.
        assertThat(event.time()).isEqualTo(Instant.parse("2019-05-15T15:21:18Z"));
        assertThat(event.payload()).isEqualTo(new Payload.PullRequestClosed("Codertocat/Hello-World", 2, BRANCH, "fix", false, null,
                "Codertocat"));
        assertThat(event.idempotencyKey()).isEqualTo("acme/ep-42/closed/Codertocat/Hello-World/pr-2/cycle-2");
    }

    @Test
    void otherEventsAndOtherActionsRecordNothing() throws Exception {
        assertThat(GitHubWebhookEvents.read("acme", "Codertocat/Hello-World", "push", merged(BRANCH)))
                .isInstanceOf(GitHubWebhookEvents.Outcome.Ignored.class);
        var opened = closed().put("action", "opened");
        assertThat(GitHubWebhookEvents.read("acme", "Codertocat/Hello-World", "pull_request", JSON.writeValueAsBytes(opened)))
                .isInstanceOf(GitHubWebhookEvents.Outcome.Ignored.class);
    }

    @Test
    void aBodyThatIsNotGitHubsIsRefused() {
        assertThat(GitHubWebhookEvents.read("acme", "a/b", "pull_request", "{not json".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new GitHubWebhookEvents.Outcome.Refused(400, "the body is not JSON"));
        assertThat(GitHubWebhookEvents.read("acme", "a/b", "pull_request", "[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GitHubWebhookEvents.Outcome.Refused.class);
    }

    /** GitHub's deployment_status example (octokit's, as the stand-in keeps it): success, production, Codertocat/Hello-World. */
    private static ObjectNode deploymentStatus() throws Exception {
        return (ObjectNode) JSON.readTree(Files.readString(
                Path.of("src/main/resources/standins/github/webhooks/deployment_status.created.payload.json")));
    }

    @Test
    void aSuccessfulDeploymentIsKeptForTheResolverOnceByItsDeploymentId() throws Exception {
        var outcome = GitHubWebhookEvents.read("acme", "Codertocat/Hello-World", "deployment_status",
                JSON.writeValueAsBytes(deploymentStatus()));

        var event = ((GitHubWebhookEvents.Outcome.Fact) outcome).event();
        assertThat(event.payload()).isEqualTo(new Payload.DeploymentSucceeded("Codertocat/Hello-World", "production",
                "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", 145988746L, "Codertocat"));
        assertThat(event.tenantId()).isEqualTo("acme");
        assertThat(event.incidentId()).isEqualTo("_deployments");
        assertThat(event.time()).isEqualTo(Instant.parse("2019-05-15T15:20:55Z"));
        assertThat(event.idempotencyKey()).isEqualTo("acme/deployment/Codertocat/Hello-World/145988746");
        var again = ((GitHubWebhookEvents.Outcome.Fact) GitHubWebhookEvents.read("acme", "Codertocat/Hello-World",
                "deployment_status", JSON.writeValueAsBytes(deploymentStatus()))).event();
        assertThat(again.eventId()).as("the same delivery twice is one fact").isEqualTo(event.eventId());
    }

    @Test
    void aDeploymentNotYetSucceededIsIgnoredAndOneOfAnotherRepositoryRefused() throws Exception {
        var pending = deploymentStatus();
        ((ObjectNode) pending.get("deployment_status")).put("state", "in_progress");
        assertThat(GitHubWebhookEvents.read("acme", "Codertocat/Hello-World", "deployment_status", JSON.writeValueAsBytes(pending)))
                .isEqualTo(new GitHubWebhookEvents.Outcome.Ignored("a deployment in_progress: only successful deployments are kept"));
        assertThat(GitHubWebhookEvents.read("acme", "acme/shop", "deployment_status", JSON.writeValueAsBytes(deploymentStatus())))
                .isEqualTo(new GitHubWebhookEvents.Outcome.Refused(403,
                        "the delivery is about Codertocat/Hello-World, not this Integration's repository"));
        var noSha = deploymentStatus();
        ((ObjectNode) noSha.get("deployment")).remove("sha");
        assertThat(GitHubWebhookEvents.read("acme", "Codertocat/Hello-World", "deployment_status", JSON.writeValueAsBytes(noSha)))
                .isEqualTo(new GitHubWebhookEvents.Outcome.Refused(400, "a deployment without its id, sha or environment"));
    }
}
