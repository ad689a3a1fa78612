package dev.debugd.webhooks;

import dev.debugd.integrations.github.GitHubCredentials;
import dev.debugd.integrations.github.PullRequestHost;
import dev.debugd.proposals.GitHubWebhookEvents;
import dev.debugd.proposals.ProposalBranches;
import dev.debugd.timeline.Event;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A missed webhook is not a lost merge: each pass lists the pull requests each GitHub Integration's repository closed
 * last and records those of the Integration's tenant as the webhook would have ({@code FixApplied} for a merged fix,
 * {@code PullRequestClosed} otherwise; one key each, so one fact). A fact already known (written by this poller, or in the read model) is not written
 * again; a repository that cannot be read is skipped until the next pass.
 */
public final class MergePoller {

    private static final Logger LOG = LoggerFactory.getLogger(MergePoller.class);

    /** An Integration to poll: its name, tenant, repository, API and token. */
    public record Polled(String name, String tenant, String repository, URI apiUrl, Credentials credentials) {}

    /** An Integration's credentials, read from its Secrets at each pass (a Secret may appear, or change, later). */
    public interface Credentials {
        GitHubCredentials read() throws GitHubCredentials.Missing;
    }

    /** Connects to one repository's pull requests. */
    public interface Hosts {
        PullRequestHost connect(URI apiUrl, String repository, GitHubCredentials credentials) throws IOException;
    }

    private final Supplier<List<Polled>> integrations;
    private final Hosts hosts;
    private final Consumer<List<Event>> timeline;
    private final Predicate<UUID> known;
    private final int lookBack;
    private final Set<UUID> written = new HashSet<>();
    private final Set<String> failing = new HashSet<>();

    /**
     * @param known    whether a fact is recorded already (the read model's view; false when it cannot tell)
     * @param lookBack how many of the last closed pull requests each pass reads per repository
     */
    public MergePoller(Supplier<List<Polled>> integrations, Hosts hosts, Consumer<List<Event>> timeline,
            Predicate<UUID> known, int lookBack) {
        this.integrations = integrations;
        this.hosts = hosts;
        this.timeline = timeline;
        this.known = known;
        this.lookBack = lookBack;
    }

    /** One pass over every GitHub Integration; the facts it wrote. */
    public synchronized List<Event> pollOnce() {
        var facts = new ArrayList<Event>();
        for (var integration : integrations.get()) {
            try {
                for (var pull : hosts.connect(integration.apiUrl(), integration.repository(), integration.credentials().read())
                        .recentlyClosed(lookBack)) {
                    var owner = ProposalBranches.owner(pull.branch());
                    var at = pull.merged() ? pull.mergedAt() : pull.closedAt();
                    if (owner.isEmpty() || !owner.get().tenant().equals(integration.tenant()) || at == null) {
                        continue;
                    }
                    var fact = GitHubWebhookEvents.closed(owner.get(), pull.branch(), integration.repository(), pull.number(),
                            pull.merged(), pull.mergeCommitSha(), pull.mergedBy(), at);
                    if (!written.contains(fact.eventId()) && !known.test(fact.eventId())) {
                        facts.add(fact);
                    }
                }
                if (failing.remove(integration.name())) {
                    LOG.info("merges: {} can be read again", integration.repository());
                }
            } catch (IOException | GitHubCredentials.Missing | RuntimeException e) {
                if (failing.add(integration.name())) {
                    LOG.warn("merges: the pull requests of {} (Integration {}) cannot be read; trying again at the next pass: {}",
                            integration.repository(), integration.name(), e.getMessage());
                }
            }
        }
        if (!facts.isEmpty()) {
            timeline.accept(facts);
            facts.forEach(fact -> {
                written.add(fact.eventId());
                LOG.info("merges: found by polling: {} for incident {} (cycle {})", fact.eventType(), fact.incidentId(),
                        fact.cycle());
            });
        }
        return facts;
    }
}
