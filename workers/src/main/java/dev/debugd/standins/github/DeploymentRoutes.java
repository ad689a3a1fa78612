package dev.debugd.standins.github;

import dev.debugd.standins.github.Deployments.Recorded;
import dev.debugd.standins.github.Route.Call;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The deployments API as far as a client reads deployments back: the list, newest first, and a deployment's statuses.
 * The stand-in's deployments are made by {@link GitHubStandIn#deploy}, not by {@code POST /deployments}.
 */
final class DeploymentRoutes {

    private static final String DOCUMENTATION = "https://docs.github.com/rest/deployments/";
    /** The one task the stand-in deploys with, GitHub's default. */
    private static final String TASK = "deploy";

    private final String fullName;
    private final Deployments deployments;
    private final DeploymentShapes shapes;
    private final ResponseShapes responses;

    DeploymentRoutes(String fullName, Deployments deployments, DeploymentShapes shapes, ResponseShapes responses) {
        this.fullName = fullName;
        this.deployments = deployments;
        this.shapes = shapes;
        this.responses = responses;
    }

    List<Route> routes() {
        return List.of(
                route("", "deployments#list-deployments", this::list),
                route("/(\\d{1,18})/statuses", "statuses#list-deployment-statuses", call -> {
                    var recorded = deployments.get(Long.parseLong(call.group(1)))
                            .orElseThrow(() -> new GitHubError(404, "Not Found"));
                    return new Response(200, responses.bytes(shapes.statuses(recorded.deployment())));
                }));
    }

    private Route route(String path, String documentation, Route.Handler handler) {
        return new Route("GET", Pattern.compile(Pattern.quote("/repos/" + fullName + "/deployments") + path),
                DOCUMENTATION + documentation, handler);
    }

    /** GitHub's filters, each an exact match when given. All in one page, however many. */
    private Response list(Call call) {
        var matching = deployments.newestFirst().stream()
                .filter(recorded -> matches(call, "sha", recorded, r -> r.deployment().sha()))
                .filter(recorded -> matches(call, "ref", recorded, Recorded::ref))
                .filter(recorded -> matches(call, "task", recorded, r -> TASK))
                .filter(recorded -> matches(call, "environment", recorded, r -> r.deployment().environment()))
                .toList();
        return new Response(200, responses.bytes(shapes.deployments(matching)));
    }

    private static boolean matches(Call call, String filter, Recorded recorded, Function<Recorded, String> value) {
        Optional<String> wanted = call.parameter(filter);
        return wanted.isEmpty() || wanted.get().equals(value.apply(recorded));
    }
}
