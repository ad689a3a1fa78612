package dev.debugd.e2e.operator;

import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A real kube-apiserver and etcd for the operator tests (jenvtest, now fabric8's kube-api-test), offline: their
 * binaries cannot be downloaded here, so they must already be where kube-api-test looks. Without them the run fails
 * saying what is missing and where; it never passes on the mock server instead.
 */
final class RealApiServer {

    private RealApiServer() {}

    static KubeAPIServer start() {
        var directory = Path.of(System.getProperty(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR,
                System.getProperty("user.home") + "/" + KubeAPIServerConfigBuilder.DIRECTORY_NAME));
        if (!hasBinaries(directory)) {
            fail("-P real-apiserver needs kube-apiserver, etcd and kubectl under " + directory.resolve("k8s")
                    + "/<version>-linux-amd64/"
                    + " (kube-api-test's offline layout); they are not there and cannot be downloaded here. Copy them there"
                    + " from a machine that can reach Kubernetes' releases, or run the operator tests on the mock server"
                    + " (without -P real-apiserver).");
        }
        var server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig().withOfflineMode(true)
                .withUpdateKubeConfig(false).withTestDir(directory.toString()).build());
        server.start();
        return server;
    }

    private static boolean hasBinaries(Path directory) {
        var k8s = directory.resolve("k8s");
        if (!Files.isDirectory(k8s)) {
            return false;
        }
        try (Stream<Path> versions = Files.list(k8s)) {
            return versions.anyMatch(version -> Stream.of("kube-apiserver", "etcd", "kubectl")
                    .allMatch(binary -> Files.isExecutable(version.resolve(binary))));
        } catch (IOException e) {
            return false;
        }
    }
}
