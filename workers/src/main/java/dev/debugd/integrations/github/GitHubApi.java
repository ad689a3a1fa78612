package dev.debugd.integrations.github;

import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.authorization.AppInstallationAuthorizationProvider;
import org.kohsuke.github.extras.authorization.JWTTokenProvider;

/** Where a GitHub Integration's API is: its {@code apiUrl} (GitHub Enterprise, the stand-in), else GitHub's public API. */
public final class GitHubApi {

    public static final URI PUBLIC = URI.create("https://api.github.com");

    /**
     * One client per App installation (and rate-limit behaviour): its installation token, valid for an hour, is then
     * bought once an hour rather than once per task. One entry per App setting ever in force, so it stays small.
     */
    private static final Map<AppClient, GitHub> APP_CLIENTS = new HashMap<>();

    private record AppClient(String endpoint, GitHubCredentials.App app, GitHubRateLimitHandler rateLimits,
            GitHubAbuseLimitHandler secondary) {}

    private GitHubApi() {}

    public static URI of(IntegrationSpec integration) {
        return integration.apiUrl() == null ? PUBLIC : URI.create(integration.apiUrl());
    }

    /** A client of the API at {@code apiUrl}, signed in with the credentials, with what it does on rate limits. */
    static GitHub client(URI apiUrl, GitHubCredentials credentials, GitHubRateLimitHandler rateLimits,
            GitHubAbuseLimitHandler secondary) throws IOException {
        var endpoint = apiUrl.toString().replaceFirst("/+$", "");
        if (credentials instanceof GitHubCredentials.App app) {
            var key = new AppClient(endpoint, app, rateLimits, secondary);
            synchronized (APP_CLIENTS) {
                var client = APP_CLIENTS.get(key);
                if (client == null) {
                    client = appClient(key);
                    APP_CLIENTS.put(key, client);
                }
                return client;
            }
        }
        var builder = builder(endpoint, rateLimits, secondary);
        if (credentials instanceof GitHubCredentials.Token token) {
            builder.withOAuthToken(token.token());
        }
        return builder.build();
    }

    private static GitHub appClient(AppClient key) throws IOException {
        JWTTokenProvider jwt;
        try {
            jwt = new JWTTokenProvider(String.valueOf(key.app().appId()), key.app().privateKeyPem());
        } catch (GeneralSecurityException | RuntimeException e) {
            // Never the key in the message: hub4j's says what is wrong with it (e.g. PKCS#1 rather than PKCS#8).
            throw new IOException("the GitHub App's private key cannot be read: " + e.getMessage());
        }
        long installation = key.app().installationId();
        return builder(key.endpoint(), key.rateLimits(), key.secondary())
                .withAuthorizationProvider(new AppInstallationAuthorizationProvider(app -> app.getInstallationById(installation), jwt))
                .build();
    }

    private static GitHubBuilder builder(String endpoint, GitHubRateLimitHandler rateLimits, GitHubAbuseLimitHandler secondary) {
        return new GitHubBuilder().withEndpoint(endpoint).withRateLimitHandler(rateLimits).withAbuseLimitHandler(secondary);
    }
}
