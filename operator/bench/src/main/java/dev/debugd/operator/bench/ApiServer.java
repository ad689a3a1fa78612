package dev.debugd.operator.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API server of the benchmark's own on loopback: fabric8's mock server in CRUD mode (no cluster can be had
 * here, ARCHITECTURE §8), with the three CRDs applied, as the operator tests run it.
 */
final class ApiServer implements AutoCloseable {

    /** The mock server logs every request through java.util.logging; kept here, so the setting is not collected. */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");
    /** The CRDs as the operator's api module generates them; CrdsTest holds crds/ equal to them. */
    private static final List<String> CRDS = List.of("tenants.debugd.dev-v1.yml", "agentprofiles.debugd.dev-v1.yml",
            "integrations.debugd.dev-v1.yml");

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private ApiServer(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    static ApiServer start() {
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
        // CRUD for every resource; no canned answers.
        var responses = new HashMap<ServerRequest, Queue<ServerResponse>>();
        var server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        var client = server.createClient();
        try {
            for (var crd : CRDS) {
                client.apiextensions().v1().customResourceDefinitions()
                        .resource(client.getKubernetesSerialization().unmarshal(crd(crd), CustomResourceDefinition.class)).create();
            }
        } catch (RuntimeException e) {
            client.close();
            server.destroy();
            throw e;
        }
        return new ApiServer(server, client);
    }

    /** The benchmark's own client. */
    KubernetesClient client() {
        return client;
    }

    /** Another client of the same server, for the operator: it has its own, as in a pod. */
    KubernetesClient newClient() {
        return server.createClient();
    }

    void createNamespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }

    private static String crd(String file) {
        try (var in = ApiServer.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
            if (in == null) {
                throw new IllegalStateException("the CRD " + file + " is not on the class path (debugd-operator-api generates it)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.destroy();
        }
    }
}
