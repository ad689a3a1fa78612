package dev.debugd.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bin/stack in bad situations gives clear errors. Each case runs against a scratch stack home with its
 * own ports, so the machine's running stack is untouched.
 */
class StackScriptErrorsTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private Path home;

    @BeforeEach
    void scratchHome() throws IOException {
        home = Files.createTempDirectory("debugd-stack-test");
    }

    @AfterEach
    void cleanUp() throws IOException {
        Processes.run(List.of("bin/stack", "down"), env(Map.of()), TIMEOUT);
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Map<String, String> env(Map<String, String> extra) {
        var env = new HashMap<>(extra);
        env.put("DEBUGD_STACK_HOME", home.toString());
        return env;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aPortTakenBySomethingElseIsNamedWithItsOwner() throws IOException {
        try (var squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = squatter.getLocalPort();
            var result = Processes.run(List.of("bin/stack", "up", "clickhouse"), env(Map.of(
                    "STACK_CLICKHOUSE_HTTP_PORT", String.valueOf(port),
                    "STACK_CLICKHOUSE_TCP_PORT", String.valueOf(freePort()))), TIMEOUT);
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stderr()).contains("port " + port + ", needed by clickhouse, is already taken by pid "
                    + ProcessHandle.current().pid());
        }
    }

    @Test
    void aServerThatDiesDuringStartUpShowsTheEndOfItsLog() throws IOException {
        // ClickHouse runs as its own user, which may not bind a privileged port: it exits at once.
        var result = Processes.run(List.of("bin/stack", "up", "clickhouse"), env(Map.of(
                "STACK_CLICKHOUSE_HTTP_PORT", String.valueOf(freePort()), "STACK_CLICKHOUSE_TCP_PORT", "900")), TIMEOUT);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("clickhouse exited during start-up. Last lines of")
                .contains("Permission denied");
    }

    @Test
    void aServerThatDoesNotBecomeReadyInTimeShowsTheEndOfItsLog() {
        // A "server" that runs but never answers: wait_ready gives up after its time-out and shows the log.
        // (The trailing `true` keeps bash from exec-ing sleep, which would drop the home from the command line.)
        var result = Processes.run(List.of("bash", "-c", "set -euo pipefail; STACK_HOME=\"$DEBUGD_STACK_HOME\";"
                + " . bin/stack.d/common.sh; spawn sluggish bash -c 'echo warming up slowly; sleep 60; true' \"$STACK_HOME\";"
                + " wait_ready sluggish 2 false"), env(Map.of()), TIMEOUT);
        try {
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stderr()).contains("sluggish did not become ready within 2s. Last lines of")
                    .contains("warming up slowly");
        } finally {
            Processes.run(List.of("bash", "-c", "STACK_HOME=\"$DEBUGD_STACK_HOME\"; . bin/stack.d/common.sh;"
                    + " stop_ours sluggish 5"), env(Map.of()), TIMEOUT);
        }
    }

    @Test
    void halfFormattedKafkaStorageIsReportedAndLeftAlone() throws IOException {
        // The scratch home borrows the real stack's resolved jars (never its own links), so no Maven run is needed.
        var lib = Files.createDirectories(home.resolve("lib"));
        try (var resolved = Files.list(LocalStack.home().resolve("lib"))) {
            for (var dir : resolved.filter(p -> p.getFileName().toString().matches(".+-[0-9a-f]{12}")).toList()) {
                Files.createSymbolicLink(lib.resolve(dir.getFileName()), dir);
            }
        }
        var storage = Files.createDirectories(home.resolve("data/kafka"));
        var leftover = Files.writeString(storage.resolve("__cluster_metadata-0.partial"), "what a crash left");

        var result = Processes.run(List.of("bin/stack", "up", "kafka"), env(Map.of(
                "STACK_KAFKA_PORT", String.valueOf(freePort()),
                "STACK_KAFKA_CONTROLLER_PORT", String.valueOf(freePort()),
                "STACK_KAFKA_SSL_PORT", String.valueOf(freePort()))), TIMEOUT);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("is half-formatted").contains("not re-formatted automatically");
        assertThat(leftover).hasContent("what a crash left");
        assertThat(storage.resolve("meta.properties")).doesNotExist();
    }

    @Test
    void anAptThatCannotReachItsMirrorStopsTheInstallWithAClearMessage() throws IOException {
        // A private apt configuration whose only source is a closed port on the loopback.
        var apt = Files.createDirectories(home.resolve("apt"));
        Files.createDirectories(apt.resolve("sources.list.d"));
        Files.createDirectories(apt.resolve("lists/partial"));
        Files.createDirectories(apt.resolve("cache/archives/partial"));
        Files.writeString(apt.resolve("sources.list"), "deb http://127.0.0.1:9/debian bookworm main\n");
        Files.writeString(apt.resolve("apt.conf"), String.join("\n",
                "Dir::Etc::SourceList \"" + apt.resolve("sources.list") + "\";",
                "Dir::Etc::SourceParts \"" + apt.resolve("sources.list.d") + "\";",
                "Dir::State::Lists \"" + apt.resolve("lists") + "\";",
                "Dir::Cache \"" + apt.resolve("cache") + "\";",
                "Acquire::Retries \"0\";", ""));

        var result = Processes.run(List.of("bash", "-c", "set -euo pipefail; STACK_HOME=\"$DEBUGD_STACK_HOME\";"
                + " . bin/stack.d/common.sh; mkdir -p \"$STACK_LOGS\"; apt_ensure debugd-no-such-package"),
                env(Map.of("APT_CONFIG", apt.resolve("apt.conf").toString())), TIMEOUT);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("apt-get update failed").contains("cannot install its packages");
    }
}
