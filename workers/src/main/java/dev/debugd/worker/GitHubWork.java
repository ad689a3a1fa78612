package dev.debugd.worker;

import dev.debugd.agents.CodeDiffs;
import dev.debugd.config.ConfigHistory;
import dev.debugd.context.snapshot.Context;
import dev.debugd.integrations.github.CodeHost;
import dev.debugd.integrations.github.GitHubApi;
import dev.debugd.integrations.github.GitHubCredentials;
import dev.debugd.integrations.github.PullRequestHost;
import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import dev.debugd.proposals.ProposalBranches;
import dev.debugd.proposals.PullRequestText;
import dev.debugd.timeline.Payload;
import dev.debugd.workqueue.TaskMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The GitHub integration worker, the only component with side effects on GitHub: a fix draft's (or an instrumentation
 * proposal's) diff becomes a branch at the incident's deploy commit, one commit, and a pull request that states the
 * hypothesis, its evidence, the risk and how the fix will be evaluated; the output is its {@code FixProposed} (or
 * {@code InstrumentationPullRequestOpened}). The branch is named after the task, so a retried task finds its branch and
 * pull request instead of opening a second. What retrying cannot mend (no code commit in the context, a diff that does
 * not apply, an Integration that only proposes) ends the task with the reason.
 */
public final class GitHubWork implements TaskHandler {


    /** Connects to one repository's pull requests. */
    public interface PullRequestHosts {
        PullRequestHost connect(URI apiUrl, String repository, GitHubCredentials credentials) throws IOException;
    }

    /** Connects to one repository's code. */
    public interface CodeHosts {
        CodeHost connect(URI apiUrl, String repository, GitHubCredentials credentials) throws IOException;
    }

    private final Function<String, ConfigHistory> configuration;
    private final Function<SecretKeyRef, Optional<String>> secrets;
    private final CodeHosts code;
    private final PullRequestHosts pullRequests;
    private final Function<Context.Incident, Optional<String>> incidentLinks;

    /**
     * @param configuration a tenant's configuration as recorded, read up to now
     * @param secrets       a credential by the Secret key an Integration names
     * @param code          reads the files the diff changes, at the deploy's commit
     * @param incidentLinks where a person sees an incident, when the platform has a public URL
     */
    public GitHubWork(Function<String, ConfigHistory> configuration, Function<SecretKeyRef, Optional<String>> secrets,
            CodeHosts code, PullRequestHosts pullRequests, Function<Context.Incident, Optional<String>> incidentLinks) {
        this.configuration = configuration;
        this.secrets = secrets;
        this.code = code;
        this.pullRequests = pullRequests;
        this.incidentLinks = incidentLinks;
    }

    @Override
    public Payload handle(TaskMessage task, TaskInput input) throws IOException {
        var trigger = input.trigger().event();
        ProposalBranches.Kind kind;
        if (trigger.payload() instanceof Payload.FixDrafted) {
            kind = ProposalBranches.Kind.FIX;
        } else if (trigger.payload() instanceof Payload.InstrumentationProposed) {
            kind = ProposalBranches.Kind.INSTRUMENTATION;
        } else {
            throw new UnworkableTask("a pull request is opened for a FixDrafted or an InstrumentationProposed, not for a "
                    + trigger.eventType());
        }
        var patch = kind == ProposalBranches.Kind.FIX ? ((Payload.FixDrafted) trigger.payload()).patch()
                : ((Payload.InstrumentationProposed) trigger.payload()).patch();
        if (patch == null || patch.isBlank()) {
            throw new UnworkableTask("the " + trigger.eventType() + " has no diff to open a pull request with");
        }
        var context = BuiltinAgentWork.context(input);
        if (context.code() == null || context.code().commit().isEmpty()) {
            throw new UnworkableTask("the cycle's context holds no commit of the code to branch from");
        }
        var integration = ConfigHistory.github(configuration.apply(task.tenantId()).asOf(trigger.time()))
                .orElseThrow(() -> new UnworkableTask("tenant " + task.tenantId() + " has no GitHub Integration as of "
                        + trigger.time()));
        var feature = kind == ProposalBranches.Kind.FIX ? IntegrationSpec.Feature.PULL_REQUESTS
                : IntegrationSpec.Feature.INSTRUMENTATION_PULL_REQUESTS;
        if (!integration.allows(feature)) {
            throw new UnworkableTask("the GitHub Integration of " + task.tenantId() + " does not open these pull requests (it"
                    + " only proposes)");
        }
        GitHubCredentials credentials;
        try {
            credentials = GitHubCredentials.of(integration, secrets);
        } catch (GitHubCredentials.Missing e) {
            throw new UnworkableTask(e.getMessage());
        }
        var apiUrl = GitHubApi.of(integration);
        var commit = context.code().commit();
        var host = code.connect(apiUrl, integration.repository(), credentials);
        Map<String, String> files;
        try {
            files = CodeDiffs.apply(patch, path -> {
                try {
                    return host.file(commit, path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (IllegalArgumentException e) {
            throw new UnworkableTask("the diff cannot be applied at " + commit + ": " + e.getMessage());
        }
        var incident = context.incident();
        var branch = ProposalBranches.branch(new ProposalBranches.Owner(kind, task.tenantId(), task.incidentId(), task.cycle(),
                task.agentVersion()));
        var link = incidentLinks.apply(incident);
        var text = kind == ProposalBranches.Kind.FIX
                ? PullRequestText.fix(context, (Payload.FixDrafted) trigger.payload(), rootCause(input), link, branch)
                : PullRequestText.instrumentation(context, (Payload.InstrumentationProposed) trigger.payload(), link, branch);
        var opened = pullRequests.connect(apiUrl, integration.repository(), credentials)
                .open(new PullRequestHost.Change(branch, commit, files, text.commitMessage(), text.title(), text.body()));
        return kind == ProposalBranches.Kind.FIX
                ? new Payload.FixProposed(integration.repository(), opened.number(), opened.url(), trigger.eventId(), opened.branch(),
                        opened.headSha())
                : new Payload.InstrumentationPullRequestOpened(integration.repository(), opened.number(), opened.url(),
                        trigger.eventId(), opened.branch(), opened.headSha());
    }

    private static Optional<Payload.RootCauseProposed> rootCause(TaskInput input) {
        return input.record("root_cause").map(record -> record.event().payload())
                .filter(Payload.RootCauseProposed.class::isInstance).map(Payload.RootCauseProposed.class::cast);
    }
}
