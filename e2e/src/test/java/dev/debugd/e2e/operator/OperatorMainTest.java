package dev.debugd.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.debugd.config.Endpoints;
import dev.debugd.operator.OperatorMain;
import dev.debugd.operator.api.v1alpha1.Tenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The operator's process as the chart runs it: configured by options (or their environment variables), connected to
 * the API server its client finds (here fabric8's mock, named by the client's system properties), leader through a
 * Lease, with its probes and metrics.
 */
class OperatorMainTest {

    private static final Map<String, String> CLIENT_CONFIG = Map.of(
            "kubernetes.auth.tryKubeConfig", "false",
            "kubernetes.auth.tryServiceAccount", "false",
            "kubernetes.namespace", OperatorHarness.NAMESPACE);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void itReconcilesElectsItselfLeaderAndAnswersItsProbesAndMetrics() throws Exception {
        try (var harness = new OperatorHarness()) {
            harness.grantLeaseAccess();
            CLIENT_CONFIG.forEach(System::setProperty);
            System.setProperty("kubernetes.master", harness.client.getMasterUrl().toString());
            var main = new OperatorMain();
            new CommandLine(main).parseArgs("--worker-image", OperatorHarness.WORKER_IMAGE, "--api-url", "https://debugd.example",
                    "--topic-prefix", harness.topics.topics.prefix(), "--queue-prefix", harness.queues.queuePrefix(), "--port", "0");
            var endpoints = new Endpoints(harness.endpoints.kafka(), harness.endpoints.sqs(), harness.endpoints.clickhouse(),
                    harness.database.postgres);
            try (var running = main.start(endpoints, false)) {
                harness.client.resource(harness.client.getKubernetesSerialization().unmarshal("""
                        apiVersion: debugd.dev/v1alpha1
                        kind: Tenant
                        metadata: {name: optest-main}
                        spec: {}
                        """, Tenant.class)).inNamespace(OperatorHarness.NAMESPACE).create();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    var tenant = harness.client.resources(Tenant.class).inNamespace(OperatorHarness.NAMESPACE).withName("optest-main").get();
                    assertThat(tenant.getStatus()).isNotNull();
                    assertThat(tenant.getStatus().conditions().get(0).status()).isEqualTo("True");
                });
                var lease = harness.client.leases().inNamespace(OperatorHarness.NAMESPACE).withName("debugd-operator").get();
                assertThat(lease).as("the leader's Lease").isNotNull();
                assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();

                var base = "http://127.0.0.1:" + running.endpoints().port();
                assertThat(get(base + "/healthz")).isEqualTo("200 {\"operator\":\"ok\"}");
                assertThat(get(base + "/readyz")).isEqualTo("200 {\"operator\":\"ready\"}");
                assertThat(get(base + "/metrics")).startsWith("200").contains("operator_sdk_reconciliations");
            } finally {
                CLIENT_CONFIG.keySet().forEach(System::clearProperty);
                System.clearProperty("kubernetes.master");
            }
        }
    }

    private static String get(String url) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
