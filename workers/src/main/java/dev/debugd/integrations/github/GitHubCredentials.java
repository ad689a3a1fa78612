package dev.debugd.integrations.github;

import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the platform signs in to a GitHub Integration's API: anonymously, with a token, or as a GitHub App installation.
 * The secrets never show in {@code toString}, so a logged value or a failure message cannot carry them.
 */
public sealed interface GitHubCredentials {

    /** No credentials: public repositories only, at the anonymous rate limit. */
    record Anonymous() implements GitHubCredentials {}

    /** A personal access token, fine-grained token or an Actions token. */
    record Token(String token) implements GitHubCredentials {
        @Override
        public String toString() {
            return "Token[***]";
        }
    }

    /** A GitHub App installation: its JWT, signed with the private key (PEM, PKCS#8), buys installation tokens. */
    record App(long appId, long installationId, String privateKeyPem) implements GitHubCredentials {
        @Override
        public String toString() {
            return "App[appId=" + appId + ", installationId=" + installationId + ", privateKey=***]";
        }
    }

    /** A credential an Integration names that is not there: the Secret or its key is missing. */
    final class Missing extends Exception {
        public Missing(String what, SecretKeyRef ref) {
            super("the GitHub Integration's " + what + " (Secret " + ref.name() + ", key " + ref.key() + ") is not there");
        }
    }

    /** The secret a failure message must never show: the token or the private key. */
    default Optional<String> secret() {
        if (this instanceof Token token) {
            return Optional.of(token.token());
        }
        if (this instanceof App app) {
            return Optional.of(app.privateKeyPem());
        }
        return Optional.empty();
    }

    /**
     * The credentials an Integration names, read from its Secrets; anonymous when it names none.
     *
     * @throws Missing when it names a Secret key that is not there (never anonymous then: a missing Secret is a mistake)
     */
    static GitHubCredentials of(IntegrationSpec integration, Function<SecretKeyRef, Optional<String>> secrets) throws Missing {
        if (integration.githubApp() != null) {
            var app = integration.githubApp();
            var key = secrets.apply(app.privateKey()).orElseThrow(() -> new Missing("App private key", app.privateKey()));
            return new App(app.appId(), app.installationId(), key);
        }
        if (integration.credentials() != null) {
            return new Token(secrets.apply(integration.credentials())
                    .orElseThrow(() -> new Missing("token", integration.credentials())));
        }
        return new Anonymous();
    }
}
