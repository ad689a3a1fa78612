package dev.debugd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How bin/debugd's options get their values: flags, then DEBUGD_* variables, then the command's own defaults. */
class CommandLineTest {

    /** The subcommand object as picocli filled it in. */
    @SuppressWarnings("unchecked")
    private static <T> T parse(Map<String, String> environment, String... args) {
        var commandLine = new CommandLine(new Debugd()).setDefaultValueProvider(new EnvironmentDefaults(environment));
        return (T) commandLine.parseArgs(args).subcommand().commandSpec().userObject();
    }

    @Test
    void theDemoRunsOnItsOwnShortGridWithoutFlags() {
        DemoCommand demo = parse(Map.of(), "demo");
        assertThat(demo.gridOptions.bucket).isEqualTo("2s");
        assertThat(demo.gridOptions.lateness).isEqualTo("4s");
        DetectCommand detect = parse(Map.of(), "detect");
        assertThat(detect.gridOptions.bucket).isEqualTo("60s");
        assertThat(detect.gridOptions.lateness).isEqualTo("2m");
    }

    @Test
    void theDemoKeepsServingUnlessToldToExitWhenDone() {
        assertThat(((DemoCommand) parse(Map.of(), "demo")).exitWhenDone).isFalse();
        assertThat(((DemoCommand) parse(Map.of(), "demo", "--exit-when-done")).exitWhenDone).isTrue();
        assertThat(((DemoCommand) parse(Map.of("DEBUGD_EXIT_WHEN_DONE", "true"), "demo")).exitWhenDone).isTrue();
    }

    @Test
    void anEnvironmentVariableNamedAfterAnOptionIsItsDefault() {
        var environment = Map.of("DEBUGD_TOPIC_PREFIX", "test-1.", "DEBUGD_BUCKET", "5s", "DEBUGD_QUEUE_PREFIX", "q-",
                "DEBUGD_LOCAL_WORKERS", "true");
        DemoCommand demo = parse(environment, "demo");
        assertThat(demo.topicOptions.prefix).isEqualTo("test-1.");
        assertThat(demo.gridOptions.bucket).isEqualTo("5s");
        assertThat(demo.gridOptions.lateness).isEqualTo("4s");
        assertThat(demo.queueOptions.prefix).isEqualTo("q-");
        DispatchCommand dispatch = parse(environment, "dispatch", "--manifests", "/tmp");
        assertThat(dispatch.localWorkers).isTrue();
        assertThat(dispatch.topicOptions.prefix).isEqualTo("test-1.");
    }

    @Test
    void aFlagWinsOverTheEnvironment() {
        ReplayCommand replay = parse(Map.of("DEBUGD_TOPIC_PREFIX", "test-1."), "replay", "--from-offset", "0",
                "--topic-prefix", "other.");
        assertThat(replay.topicOptions.prefix).isEqualTo("other.");
    }

    @Test
    void aVariableForAnOptionTheCommandLacksIsIgnored() {
        ReplayCommand replay = parse(Map.of("DEBUGD_TENANT", "acme", "DEBUGD_STACK_HOME", "/var/lib/x", "DEBUGD_HELP", "true"),
                "replay", "--from-offset", "0");
        assertThat(replay.topicOptions.prefix).isEqualTo("debugging.");
        assertThat(replay.fromOffset).isZero();
    }

    @Test
    void theLongRunningRolesServeHealthOnAPortOfTheirOwn() {
        // Any free port unless told (several run on one machine); the chart sets 9464 through the variable or the flag.
        DetectCommand detect = parse(Map.of(), "detect");
        assertThat(detect.metricsPort.port).isZero();
        DispatchCommand dispatch = parse(Map.of("DEBUGD_METRICS_PORT", "9464"), "dispatch", "--manifests", "/tmp");
        assertThat(dispatch.metricsPort.port).isEqualTo(9464);
        ResolveCommand resolve = parse(Map.of(), "resolve", "--metrics-port", "9464");
        assertThat(resolve.metricsPort.port).isEqualTo(9464);
    }

    @Test
    void theDispatcherRunsWithoutManifestsInAClusterButItsLocalWorkersNeedThem() {
        DispatchCommand dispatch = parse(Map.of(), "dispatch");
        assertThat(dispatch.manifests).isNull();
        DispatchCommand local = parse(Map.of(), "dispatch", "--local-workers");
        assertThatThrownBy(local::call).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--local-workers works the tenants of --manifests: give both");
    }

    @Test
    void theVariableIsTheLongNameInUpperCase() {
        var spec = new CommandLine(new Debugd()).getSubcommands().get("project").getCommandSpec();
        assertThat(EnvironmentDefaults.variable(spec.findOption("--metrics-port"))).isEqualTo("DEBUGD_METRICS_PORT");
        assertThat(EnvironmentDefaults.variable(spec.findOption("--topic-prefix"))).isEqualTo("DEBUGD_TOPIC_PREFIX");
    }
}
