package dev.debugd.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * A GitHub App installation to act as: the platform signs a short-lived JWT with the App's private key and exchanges
 * it for an installation token, so no person's token is needed and the App's permissions bound what it can do.
 */
public record GitHubApp(
        @Required @Min(1)
        @JsonPropertyDescription("The App's id (its settings page, \"App ID\").")
        Long appId,
        @Required @Min(1)
        @JsonPropertyDescription("The id of the App's installation on the repository's owner.")
        Long installationId,
        @Required
        @JsonPropertyDescription("The Secret key holding the App's private key, PEM in PKCS#8 (\"BEGIN PRIVATE KEY\"); GitHub's"
                + " download is PKCS#1: convert it with `openssl pkcs8 -topk8 -nocrypt -in app.pem`.")
        SecretKeyRef privateKey) {}
