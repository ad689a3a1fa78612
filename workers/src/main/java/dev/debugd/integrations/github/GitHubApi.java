package dev.debugd.integrations.github;

import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;

/** Where a GitHub Integration's API is: its {@code apiUrl} (GitHub Enterprise, the stand-in), else GitHub's public API. */
public final class GitHubApi {

    public static final URI PUBLIC = URI.create("https://api.github.com");

    private GitHubApi() {}

    public static URI of(IntegrationSpec integration) {
        return integration.apiUrl() == null ? PUBLIC : URI.create(integration.apiUrl());
    }

    /** A client of the API at {@code apiUrl}, anonymous without a token, with what it does on rate limits. */
    static GitHub client(URI apiUrl, Optional<String> token, GitHubRateLimitHandler rateLimits, GitHubAbuseLimitHandler secondary)
            throws IOException {
        var builder = new GitHubBuilder().withEndpoint(apiUrl.toString().replaceFirst("/+$", ""))
                .withRateLimitHandler(rateLimits).withAbuseLimitHandler(secondary);
        token.ifPresent(builder::withOAuthToken);
        return builder.build();
    }
}
