package dev.debugd.standins.github;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may call the stand-in. Nobody is asked unless a token ({@link #requireToken}) or a GitHub App
 * ({@link #requireApp}) is required; then every request but {@code GET /} and {@code GET /rate_limit} authenticates as
 * GitHub asks: the app's JWT on the {@code /app} routes, and on the others the required token or an installation token
 * issued to the app and not expired. Tokens and JWTs are compared, never logged or echoed.
 */
final class Authentication {

    static final String BAD_CREDENTIALS = "Bad credentials";
    /** GitHub's installation tokens last an hour. */
    private static final Duration INSTALLATION_TOKEN_LIFETIME = Duration.ofHours(1);
    private static final String ALPHANUMERICS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** The one GitHub App, installed once, on the demo repository's owner. */
    record App(long id, long installationId, PublicKey publicKey) {}

    /** An installation token as GitHub issues it: {@code ghs_} and 36 alphanumerics, for an hour to the second. */
    record InstallationToken(String token, Instant expiresAt) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> installationTokens = new ConcurrentHashMap<>();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile Optional<String> requiredToken = Optional.empty();
    private volatile Optional<App> app = Optional.empty();

    void requireToken(String token) {
        requiredToken = Optional.of(token);
    }

    /** Replaces an earlier app; the tokens issued to that one no longer count. */
    void requireApp(App app) {
        installationTokens.clear();
        this.app = Optional.of(app);
    }

    Optional<App> app() {
        return app;
    }

    /**
     * Lets a request to {@code path} through, or refuses it with GitHub's 401.
     *
     * @param authorization the request's {@code Authorization} header, if any
     */
    void check(String path, Optional<String> authorization) {
        var app = this.app;
        var requiredToken = this.requiredToken;
        if (app.isPresent() && (path.equals("/app") || path.startsWith("/app/"))) {
            var jwt = authorization.flatMap(header -> credential(header, "bearer"))
                    .orElseThrow(() -> new GitHubError(401, AppJwt.UNDECODABLE));
            AppJwt.verify(jwt, app.get().id(), app.get().publicKey(), Instant.now());
            return;
        }
        if (app.isEmpty() && requiredToken.isEmpty()) {
            return;
        }
        // GitHub answers a request without credentials 404 for a private repository and 401 "Requires authentication"
        // elsewhere; the stand-in answers it as a wrong token, so that a client that forgot to authenticate is told so.
        // The app's JWT is no token here either. GitHub refuses it outside /app too, but how is not documented: the
        // stand-in's 401 Bad credentials is a guess.
        var token = authorization.flatMap(header -> credential(header, "token").or(() -> credential(header, "bearer")));
        if (token.isEmpty() || !(token.equals(requiredToken) || isUnexpiredInstallationToken(token.get()))) {
            throw new GitHubError(401, BAD_CREDENTIALS);
        }
    }

    InstallationToken issueInstallationToken() {
        var now = Instant.now();
        installationTokens.values().removeIf(expiresAt -> !expiresAt.isAfter(now));
        var token = new StringBuilder("ghs_");
        for (int i = 0; i < 36; i++) {
            token.append(ALPHANUMERICS.charAt(random.nextInt(ALPHANUMERICS.length())));
        }
        var expiresAt = now.plus(INSTALLATION_TOKEN_LIFETIME).truncatedTo(ChronoUnit.SECONDS);
        installationTokens.put(token.toString(), expiresAt);
        issued.incrementAndGet();
        return new InstallationToken(token.toString(), expiresAt);
    }

    int installationTokensIssued() {
        return issued.get();
    }

    private boolean isUnexpiredInstallationToken(String token) {
        var expiresAt = installationTokens.get(token);
        return expiresAt != null && expiresAt.isAfter(Instant.now());
    }

    /** The credential of an {@code Authorization} header with that scheme, which GitHub takes in any case. */
    private static Optional<String> credential(String header, String scheme) {
        var prefix = scheme + " ";
        if (header.length() <= prefix.length() || !header.substring(0, prefix.length()).toLowerCase(Locale.ROOT)
                .equals(prefix)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(prefix.length()).strip());
    }
}
