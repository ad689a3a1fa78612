package dev.debugd.webhooks;

import dev.debugd.config.ConfigHistory;
import dev.debugd.config.ResourceSpecs;
import dev.debugd.integrations.github.GitHubApi;
import dev.debugd.integrations.github.GitHubCredentials;
import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import dev.debugd.timeline.kafka.RecordedConfiguration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The GitHub and Sentry Integrations as their configuration facts recorded them, read from Kafka up to now on each lookup
 * (deliveries and polls are rare), with their webhook secrets and tokens from the Secret keys they name.
 */
public final class RecordedIntegrations implements GitHubWebhookEndpoints.Integrations, SentryWebhookEndpoints.Integrations,
        AutoCloseable {


    private final RecordedConfiguration configuration;
    private final Function<SecretKeyRef, Optional<String>> secrets;
    private final Clock clock;

    public RecordedIntegrations(RecordedConfiguration configuration, Function<SecretKeyRef, Optional<String>> secrets, Clock clock) {
        this.configuration = configuration;
        this.secrets = secrets;
        this.clock = clock;
    }

    @Override
    public Optional<GitHubWebhookEndpoints.Integration> github(String name) {
        return named(name, spec -> spec.type() == IntegrationSpec.Type.GITHUB && spec.repository() != null,
                (tenant, spec) -> new GitHubWebhookEndpoints.Integration(tenant, spec.repository(),
                        Optional.ofNullable(spec.webhookSecret()).flatMap(secrets)));
    }

    @Override
    public Optional<SentryWebhookEndpoints.Integration> sentry(String name) {
        return named(name, spec -> spec.type() == IntegrationSpec.Type.SENTRY && spec.projects() != null,
                (tenant, spec) -> new SentryWebhookEndpoints.Integration(tenant, spec.projects(),
                        Optional.ofNullable(spec.webhookSecret()).flatMap(secrets)));
    }

    /** The one Integration of this name that {@code fits}, as {@code as} makes it of its tenant and spec. */
    private synchronized <T> Optional<T> named(String name, Predicate<IntegrationSpec> fits, BiFunction<String, IntegrationSpec, T> as) {
        configuration.catchUp();
        var found = new ArrayList<T>();
        for (var history : configuration.histories().values()) {
            var recorded = history.asOf(clock.instant()).get(ConfigHistory.KIND_INTEGRATION + "/" + name);
            if (recorded != null) {
                ConfigHistory.spec(recorded).flatMap(ResourceSpecs::integration).filter(fits)
                        .ifPresent(spec -> found.add(as.apply(history.tenantId(), spec)));
            }
        }
        // Two tenants' Integrations of one name: neither can be told by the URL.
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** Every GitHub Integration in force, with its API and token, for the merge poller. */
    public synchronized List<MergePoller.Polled> all() {
        configuration.catchUp();
        var all = new ArrayList<MergePoller.Polled>();
        for (var history : configuration.histories().values()) {
            history.asOf(clock.instant()).forEach((key, recorded) -> {
                if (!key.startsWith(ConfigHistory.KIND_INTEGRATION + "/")) {
                    return;
                }
                ConfigHistory.spec(recorded).flatMap(ResourceSpecs::integration)
                        .filter(spec -> spec.type() == IntegrationSpec.Type.GITHUB && spec.repository() != null)
                        .ifPresent(spec -> all.add(new MergePoller.Polled(key.substring(key.indexOf('/') + 1), history.tenantId(),
                                spec.repository(), GitHubApi.of(spec),
                                () -> GitHubCredentials.of(spec, secrets))));
            });
        }
        return all;
    }

    @Override
    public void close() {
        configuration.close();
    }
}
