package dev.debugd.operator.bench;

import dev.debugd.operator.api.v1alpha1.AgentProfile;
import dev.debugd.operator.api.v1alpha1.AgentProfileSpec;
import dev.debugd.operator.api.v1alpha1.Tenant;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The resources one part of the benchmark applies: Tenants named {@code <prefix>000}, {@code <prefix>001} … with the
 * Delete policy, each with one AgentProfile per agent ({@code <tenant>-rca}, {@code <tenant>-fix} …). The names are
 * the same on every run, so the agents' Kafka users ({@code <tenant>.agent.<profile>}) are overwritten by a rerun
 * instead of added: users are never deleted (ARCHITECTURE §9).
 */
record Fleet(String prefix, String namespace, int tenants, int profilesPerTenant) {

    static final int MAX_TENANTS = 1000;
    static final List<AgentProfileSpec.Agent> AGENTS = Arrays.asList(AgentProfileSpec.Agent.values());
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    Fleet {
        if (tenants < 1 || tenants > MAX_TENANTS) {
            throw new IllegalArgumentException("--tenants must be between 1 and " + MAX_TENANTS + ", got " + tenants);
        }
        if (profilesPerTenant < 1 || profilesPerTenant > AGENTS.size()) {
            throw new IllegalArgumentException("--profiles-per-tenant must be between 1 and " + AGENTS.size()
                    + " (one per agent: rca, fix, instrumentation, evaluation), got " + profilesPerTenant);
        }
    }

    /** A tenant with its profiles, as a user would apply them. */
    record Member(Tenant tenant, List<AgentProfile> profiles) {}

    List<Member> members() {
        var members = new ArrayList<Member>();
        for (int t = 0; t < tenants; t++) {
            var tenant = String.format("%s%03d", prefix, t);
            var profiles = AGENTS.subList(0, profilesPerTenant).stream().map(agent -> profile(tenant, agent)).toList();
            members.add(new Member(tenant(tenant), profiles));
        }
        return members;
    }

    int resources() {
        return tenants * (1 + profilesPerTenant);
    }

    private Tenant tenant(String name) {
        return SERIALIZATION.unmarshal("""
                apiVersion: debugd.dev/v1alpha1
                kind: Tenant
                metadata: {name: %s, namespace: %s}
                spec: {deletionPolicy: Delete}
                """.formatted(name, namespace), Tenant.class);
    }

    private AgentProfile profile(String tenant, AgentProfileSpec.Agent agent) {
        return SERIALIZATION.unmarshal("""
                apiVersion: debugd.dev/v1alpha1
                kind: AgentProfile
                metadata: {name: %s-%s, namespace: %s}
                spec: {tenant: %s, agent: %s, version: 1.0.0, provider: builtin}
                """.formatted(tenant, agent.value(), namespace, tenant, agent.value()), AgentProfile.class);
    }
}
