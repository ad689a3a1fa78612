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
import java.util.function.Function;

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
    public synchronized Optional<GitHubWebhookEndpoints.Integration> github(String name) {
        configuration.catchUp();
        var found = new ArrayList<GitHubWebhookEndpoints.Integration>();
        for (var history : configuration.histories().values()) {
            var recorded = history.asOf(clock.instant()).get(ConfigHistory.KIND_INTEGRATION + "/" + name);
            if (recorded == null) {
                continue;
            }
            ConfigHistory.spec(recorded).flatMap(ResourceSpecs::integration)
                    .filter(spec -> spec.type() == IntegrationSpec.Type.GITHUB && spec.repository() != null)
                    .ifPresent(spec -> found.add(new GitHubWebhookEndpoints.Integration(history.tenantId(), spec.repository(),
                            Optional.ofNullable(spec.webhookSecret()).flatMap(secrets))));
        }
        // Two tenants' Integrations of one name: neither can be told by the URL.
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    @Override
    public synchronized Optional<SentryWebhookEndpoints.Integration> sentry(String name) {
        configuration.catchUp();
        var found = new ArrayList<SentryWebhookEndpoints.Integration>();
        for (var history : configuration.histories().values()) {
            var recorded = history.asOf(clock.instant()).get(ConfigHistory.KIND_INTEGRATION + "/" + name);
            if (recorded == null) {
                continue;
            }
            ConfigHistory.spec(recorded).flatMap(ResourceSpecs::integration)
                    .filter(spec -> spec.type() == IntegrationSpec.Type.SENTRY && spec.projects() != null)
                    .ifPresent(spec -> found.add(new SentryWebhookEndpoints.Integration(history.tenantId(), spec.projects(),
                            Optional.ofNullable(spec.webhookSecret()).flatMap(secrets))));
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
