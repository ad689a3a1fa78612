package dev.debugd.config;

import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import java.util.Locale;

/**
 * Where the local mode finds a credential that a resource names by Secret key (on Kubernetes the operator mounts the
 * Secret): the environment variable {@code DEBUGD_SECRET_<NAME>_<KEY>}, upper-case, every character other than a letter
 * or a digit as {@code _} — {@code {name: acme-github, key: token}} is {@code DEBUGD_SECRET_ACME_GITHUB_TOKEN}.
 */
public final class LocalSecrets {

    private LocalSecrets() {}

    public static String variable(SecretKeyRef ref) {
        return ("DEBUGD_SECRET_" + ref.name() + "_" + ref.key()).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
