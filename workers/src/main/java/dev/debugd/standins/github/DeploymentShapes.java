package dev.debugd.standins.github;

import dev.debugd.standins.github.Deployments.Recorded;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub's deployment responses and its {@code deployment_status} webhook payload, made from GitHub's own examples
 * ({@link Examples}) as {@link ResponseShapes} makes the others: every key kept, the deployment's values set, every
 * URL pointing at the stand-in. The creator is the examples' user moved to the stand-in, the repository's owner.
 */
final class DeploymentShapes {

    private final Examples examples;
    private final String repoApi;

    DeploymentShapes(Examples examples) {
        this.examples = examples;
        this.repoApi = examples.repoApi();
    }

    /** {@code GET /deployments}, in the order given. */
    ArrayNode deployments(List<Recorded> deployments) {
        var example = examples.array("deployments");
        var template = (ObjectNode) example.get(0);
        example.removeAll();
        for (var recorded : deployments) {
            var item = fillDeployment(template.deepCopy(), recorded);
            // The stand-in's deployments have no description; GitHub's default makes "production" the production one.
            item.putNull("description");
            item.put("production_environment", recorded.deployment().environment().equals("production"));
            example.add(item);
        }
        return example;
    }

    /** {@code GET /deployments/{id}/statuses}: the deployment's one status. */
    ArrayNode statuses(Deployment deployment) {
        var example = examples.array("deployment_statuses");
        var status = fillStatus((ObjectNode) example.get(0), deployment);
        // Set by nobody in the stand-in: GitHub then gives empty strings, as the webhook example has them.
        for (var unset : List.of("description", "target_url", "environment_url", "log_url")) {
            status.put(unset, "");
        }
        return example;
    }

    /**
     * The {@code deployment_status} event with action {@code created} that GitHub delivers when a deployment's status
     * is set: octokit/webhooks' example payload of it
     * ({@code standins/github/webhooks/deployment_status.created.payload.json}) with only these set: the
     * deployment's id, sha, ref, environment and original environment (the same: the stand-in never moves a
     * deployment), created_at, updated_at and URLs; the status's id, state ({@code success}), environment,
     * created_at, updated_at and URLs; and the repository's name, full name and default branch made the demo
     * repository's. The rest keeps the example's values, its other URLs moved to the stand-in.
     */
    ObjectNode statusCreatedEvent(Recorded recorded) {
        var event = examples.deploymentStatusCreated();
        event.put("action", "created");
        fillStatus((ObjectNode) event.get("deployment_status"), recorded.deployment());
        fillDeployment((ObjectNode) event.get("deployment"), recorded);
        examples.nameRepository((ObjectNode) event.get("repository"));
        return event;
    }

    private ObjectNode fillDeployment(ObjectNode node, Recorded recorded) {
        var deployment = recorded.deployment();
        var url = repoApi + "/deployments/" + deployment.id();
        node.put("url", url);
        node.put("id", deployment.id());
        node.put("sha", deployment.sha());
        node.put("ref", recorded.ref());
        node.put("original_environment", deployment.environment());
        node.put("environment", deployment.environment());
        node.put("created_at", deployment.at().toString());
        node.put("updated_at", deployment.at().toString());
        node.put("statuses_url", url + "/statuses");
        node.put("repository_url", repoApi);
        return node;
    }

    private ObjectNode fillStatus(ObjectNode node, Deployment deployment) {
        var deploymentUrl = repoApi + "/deployments/" + deployment.id();
        node.put("url", deploymentUrl + "/statuses/" + deployment.statusId());
        node.put("id", deployment.statusId());
        node.put("state", "success");
        node.put("environment", deployment.environment());
        node.put("created_at", deployment.at().toString());
        node.put("updated_at", deployment.at().toString());
        node.put("deployment_url", deploymentUrl);
        node.put("repository_url", repoApi);
        return node;
    }
}
