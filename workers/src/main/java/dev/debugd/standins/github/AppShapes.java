package dev.debugd.standins.github;

import dev.debugd.standins.github.Authentication.App;
import dev.debugd.standins.github.Authentication.InstallationToken;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub's responses about the GitHub App and its installation, made from GitHub's own examples ({@link Examples}) as
 * {@link ResponseShapes} makes the others: every key kept, the app's ids and the token set, every URL pointing at the
 * stand-in. The installation is the examples' user's, that is the demo repository's owner's. Permissions, events and
 * names stay the examples': the stand-in enforces no permission.
 */
final class AppShapes {

    private final Examples examples;
    private final String base;

    AppShapes(Examples examples) {
        this.examples = examples;
        this.base = examples.base();
    }

    /** {@code GET /app}, which hub4j reads before it asks for an installation. */
    ObjectNode app(App app) {
        var response = examples.object("app");
        response.put("id", app.id());
        return response;
    }

    ObjectNode installation(App app) {
        var installation = examples.object("installation");
        var account = (ObjectNode) installation.get("account");
        installation.put("id", app.installationId());
        installation.put("app_id", app.id());
        installation.put("access_tokens_url", base + "/app/installations/" + app.installationId() + "/access_tokens");
        // Installed on the owner, a user: GitHub's settings page of a user's installation.
        installation.put("html_url", base + "/settings/installations/" + app.installationId());
        installation.put("target_id", account.get("id").longValue());
        installation.put("target_type", account.get("type").asString());
        return installation;
    }

    ObjectNode installationToken(InstallationToken token) {
        var response = examples.object("installation_token");
        response.put("token", token.token());
        response.put("expires_at", token.expiresAt().toString());
        examples.nameRepository((ObjectNode) response.get("repositories").get(0));
        return response;
    }
}
