package dev.debugd.manifests;

import dev.debugd.operator.api.v1alpha1.AgentProfileSpec;
import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import dev.debugd.operator.api.v1alpha1.IntegrationSpec.Feature;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules a CRD schema cannot say, between the fields of one spec and between resources: a resource names an
 * existing Tenant, an integration has what its type needs and only features of its type, a tenant has one profile per
 * agent. The local mode applies them to the manifests it read; the operator will apply them to the resources it sees.
 * Pure.
 */
public final class ResourceRules {

    private static final Map<IntegrationSpec.Type, Set<Feature>> FEATURES = Map.of(
            IntegrationSpec.Type.GITHUB, Set.of(Feature.PULL_REQUESTS, Feature.INSTRUMENTATION_PULL_REQUESTS, Feature.CODE_CONTEXT,
                    Feature.WEBHOOKS),
            IntegrationSpec.Type.SENTRY, Set.of(Feature.EVIDENCE, Feature.WEBHOOKS));

    private ResourceRules() {}

    /**
     * Why manifests break a rule, by their position in the list; the first of two profiles for one agent stands.
     *
     * @param everyTenantRead false when a document could not be read: it may hold the Tenant a resource names, which
     *     is then not refused for naming an unknown one
     */
    public static Map<Integer, String> refusals(List<Manifest> manifests, boolean everyTenantRead) {
        var tenants = new TreeSet<String>();
        manifests.stream().filter(m -> m.kind().equals("Tenant")).forEach(m -> tenants.add(m.name()));
        var refusals = new LinkedHashMap<Integer, String>();
        var agentsTaken = new HashMap<String, String>();
        for (int i = 0; i < manifests.size(); i++) {
            var manifest = manifests.get(i);
            String problem = null;
            if (everyTenantRead && !manifest.kind().equals("Tenant") && !tenants.contains(manifest.tenant())) {
                problem = "spec.tenant: no Tenant named '" + manifest.tenant() + "' among the manifests"
                        + (tenants.isEmpty() ? "" : " (Tenants: " + String.join(", ", tenants) + ")");
            } else if (manifest.kind().equals("Integration")) {
                problem = integrationProblem(manifest.integrationSpec());
            } else if (manifest.kind().equals("AgentProfile")) {
                var spec = manifest.agentProfileSpec();
                problem = profileProblem(spec);
                if (problem == null) {
                    var taken = agentsTaken.putIfAbsent(manifest.tenant() + "/" + spec.agent().value(), manifest.name());
                    if (taken != null) {
                        problem = "spec.agent: tenant " + manifest.tenant() + " already has its " + spec.agent().value()
                                + " agent in AgentProfile " + taken;
                    }
                }
            }
            if (problem != null) {
                refusals.put(i, manifest.kind() + " " + manifest.name() + ": " + problem);
            }
        }
        return refusals;
    }

    private static String integrationProblem(IntegrationSpec spec) {
        if (spec.type() == IntegrationSpec.Type.GITHUB && spec.repository() == null) {
            return "spec.repository: required for a github integration";
        }
        if (spec.credentials() != null && spec.githubApp() != null) {
            return "spec.githubApp: a github integration acts with a token (credentials) or as an App, not both";
        }
        if (spec.type() != IntegrationSpec.Type.GITHUB && spec.githubApp() != null) {
            return "spec.githubApp: only for a github integration";
        }
        if (spec.type() == IntegrationSpec.Type.SENTRY && spec.organization() == null) {
            return "spec.organization: required for a sentry integration";
        }
        if (spec.type() == IntegrationSpec.Type.SENTRY && (spec.projects() == null || spec.projects().isEmpty())) {
            return "spec.projects: a sentry integration lists the projects whose events it takes";
        }
        if (spec.type() != IntegrationSpec.Type.SENTRY && spec.projects() != null && !spec.projects().isEmpty()) {
            return "spec.projects: only for a sentry integration";
        }
        if (spec.features() != null) {
            for (var feature : spec.features()) {
                if (!FEATURES.get(spec.type()).contains(feature)) {
                    return "spec.features: " + feature.value() + " is not a feature of a " + spec.type().value()
                            + " integration";
                }
            }
        }
        return null;
    }

    private static String profileProblem(AgentProfileSpec spec) {
        if (spec.baseUrl() != null && spec.provider() != AgentProfileSpec.Provider.OPENAI
                && spec.provider() != AgentProfileSpec.Provider.ANTHROPIC) {
            return "spec.baseUrl: only for a model provider (openai: an OpenAI-compatible server; anthropic: a gateway)";
        }
        return null;
    }
}
