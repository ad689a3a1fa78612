package dev.debugd.standins.github;

import dev.debugd.standins.github.Authentication.App;
import dev.debugd.standins.github.Route.Call;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The GitHub App's operations, which its JWT authenticates ({@link Authentication}): the app, its installation, and an
 * installation token. Without a required app they are GitHub's 404: there is no app.
 */
final class AppRoutes {

    private static final String DOCUMENTATION = "https://docs.github.com/rest/apps/apps#";

    private final Authentication authentication;
    private final AppShapes shapes;
    private final ResponseShapes responses;

    AppRoutes(Authentication authentication, AppShapes shapes, ResponseShapes responses) {
        this.authentication = authentication;
        this.shapes = shapes;
        this.responses = responses;
    }

    List<Route> routes() {
        return List.of(
                route("GET", "/app", "get-the-authenticated-app",
                        call -> new Response(200, responses.bytes(shapes.app(app())))),
                route("GET", "/app/installations/(\\d{1,18})", "get-an-installation-for-the-authenticated-app",
                        call -> new Response(200, responses.bytes(shapes.installation(installation(call))))),
                // The request's narrowing to some repositories or permissions is not applied: the token is for the one
                // repository, with the example's permissions.
                route("POST", "/app/installations/(\\d{1,18})/access_tokens", "create-an-installation-access-token-for-an-app",
                        call -> {
                            installation(call);
                            var token = authentication.issueInstallationToken();
                            return new Response(201, responses.bytes(shapes.installationToken(token)));
                        }));
    }

    private static Route route(String method, String path, String documentation, Route.Handler handler) {
        return new Route(method, Pattern.compile(path), DOCUMENTATION + documentation, handler);
    }

    private App app() {
        return authentication.app().orElseThrow(AppRoutes::notFound);
    }

    /** The app, when the path names its installation. */
    private App installation(Call call) {
        var app = app();
        if (Long.parseLong(call.group(1)) != app.installationId()) {
            throw notFound();
        }
        return app;
    }

    private static GitHubError notFound() {
        return new GitHubError(404, "Not Found");
    }
}
