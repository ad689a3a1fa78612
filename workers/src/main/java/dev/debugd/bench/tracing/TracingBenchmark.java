package dev.debugd.bench.tracing;

import dev.debugd.bench.BenchReport;
import dev.debugd.bench.rca.RcaScenario;
import dev.debugd.bench.rca.ScenarioContext;
import dev.debugd.context.snapshot.ContextJson;
import dev.debugd.models.ProviderModels;
import dev.debugd.standins.llm.OpenAiStandIn;
import dev.debugd.standins.llm.Script;
import dev.debugd.standins.otlp.OtlpTraceReceiver;
import dev.debugd.timeline.Event;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RawJson;
import dev.debugd.timeline.TimelineRecord;
import dev.debugd.tracing.AgentTracing;
import dev.debugd.worker.ModelAgentWork;
import dev.debugd.worker.TaskHandler;
import dev.debugd.worker.TaskInput;
import dev.debugd.worker.TracedRuns;
import dev.debugd.workqueue.TaskMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Whether tracing slows agent runs: the RCA Agent on a model (the OpenAI-protocol stand-in on this machine, one request
 * per run), run after run, untraced (the ceiling: the agent alone, no run span), traced into a local OTLP receiver, with
 * the receiver down (a closed port) and with a receiver that takes connections and never answers. The modes take turns
 * in rounds, so that drift of the machine falls on all of them.
 */
@Command(name = "tracing", mixinStandardHelpOptions = true,
        description = "Agent runs per second untraced, traced into a local OTLP receiver, with the receiver down and with a"
            + " receiver that never answers.")
public final class TracingBenchmark implements Callable<Integer> {

    private static final String SCENARIO = "java-orders-hikari-pool-exhausted";

    @Option(names = "--runs", defaultValue = "600", description = "Runs per mode (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds the runs of each mode are split into (default ${DEFAULT-VALUE}).")
    int rounds;

    private enum Mode {
        UNTRACED("untraced (ceiling)"), RECEIVER_UP("traced, receiver up"), RECEIVER_DOWN("traced, receiver down"),
        RECEIVER_HANGING("traced, receiver never answers");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (runs < rounds || rounds < 1) {
            throw new IllegalArgumentException("--runs must be at least --rounds, and --rounds at least 1");
        }
        var root = Path.of(System.getenv().getOrDefault("DEBUGD_ROOT", "."));
        var scenario = RcaScenario.read(root.resolve("e2e/src/test/resources/rca/tuning.json")).stream()
                .filter(s -> s.id().equals(SCENARIO)).findFirst().orElseThrow();
        var context = ScenarioContext.of(scenario);
        var quote = context.exceptions().get(0).message().replace("\\", "\\\\").replace("\"", "\\\"");
        var answer = "{\"hypotheses\": [{\"category\": \"pool_exhaustion\", \"statement\": \"The connection pool is exhausted\","
                + " \"confidence\": 0.8, \"evidence\": [\"" + quote + "\"]}]}";
        var built = Event.create(Instant.parse("2026-05-01T10:20:00Z"), "bench", "ep-1", 1,
                new Payload.ContextBuilt(new RawJson(ContextJson.write(context)), context.missingSignals()),
                new Event.Agent("context-builder", "1"), "bench/ep-1/ContextBuilt/IncidentDetected/1/cycle-1", null);
        var input = new TaskInput(new TimelineRecord(built, "bench", 0, 0), Map.of());
        var task = new TaskMessage("bench/ep-1/RootCauseProposed/ContextBuilt/1.0.0/cycle-1", "rca", "RootCauseProposed",
                "bench", "ep-1", 1, "1.0.0", new Payload.RecordPosition("bench", 0, 0), UUID.randomUUID(), Map.of());

        try (var model = OpenAiStandIn.start(0, Script.answer(answer)); var receiver = OtlpTraceReceiver.start();
                var closed = new ServerSocket(0); var hanging = new ServerSocket(0)) {
            int closedPort = closed.getLocalPort();
            closed.close();
            var setting = new Payload.AgentSetting("openai", "bench-model", 0.0, "v1", model.baseUrl().toString());
            var tracings = new LinkedHashMap<Mode, AgentTracing>();
            tracings.put(Mode.UNTRACED, AgentTracing.off());
            tracings.put(Mode.RECEIVER_UP, AgentTracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint()),
                    "bench"));
            tracings.put(Mode.RECEIVER_DOWN, AgentTracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT",
                    "http://127.0.0.1:" + closedPort), "bench"));
            tracings.put(Mode.RECEIVER_HANGING, AgentTracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT",
                    "http://127.0.0.1:" + hanging.getLocalPort(), "OTEL_EXPORTER_OTLP_TIMEOUT", "10000"), "bench"));
            try {
                var latencies = new LinkedHashMap<Mode, List<Long>>();
                var seconds = new LinkedHashMap<Mode, Double>();
                System.err.printf("tracing: %d runs per mode in %d rounds, the RCA Agent on the OpenAI-protocol stand-in %s;"
                        + " OTLP receiver %s%n", runs, rounds, model.baseUrl(), receiver.endpoint());
                warmUp(model, setting, tracings.get(Mode.UNTRACED), task, input);
                for (int round = 0; round < rounds; round++) {
                    int inRound = runs / rounds + (round < runs % rounds ? 1 : 0);
                    for (var mode : Mode.values()) {
                        var tracing = tracings.get(mode);
                        var work = new ModelAgentWork(ProviderModels.connect(setting, Optional.empty(), Duration.ofSeconds(30)),
                                setting, pause -> { }, tracing.tracer());
                        var traced = new TracedRuns(tracing.tracer());
                        var times = latencies.computeIfAbsent(mode, m -> new ArrayList<>());
                        long began = System.nanoTime();
                        for (int i = 0; i < inRound; i++) {
                            long start = System.nanoTime();
                            if (mode == Mode.UNTRACED) {
                                work.handle(task, input); // the independent path: the agent alone
                            } else {
                                var ran = traced.run(task, input, work);
                                if (ran.failure() != null) {
                                    throw new IllegalStateException("a " + mode.label + " run failed", ran.failure());
                                }
                            }
                            times.add(System.nanoTime() - start);
                        }
                        seconds.merge(mode, (System.nanoTime() - began) / 1e9, Double::sum);
                        System.err.printf("  round %d/%d, %s: %d runs%n", round + 1, rounds, mode.label, inRound);
                    }
                }
                tracings.get(Mode.RECEIVER_UP).flush(10);
                tracings.get(Mode.RECEIVER_DOWN).flush(60); // until every export has failed, so that its count is whole
                // Closed before the report, so that their last words come before it and the dropped counts are final.
                tracings.values().forEach(AgentTracing::close);
                var rows = new ArrayList<List<String>>();
                var results = new LinkedHashMap<String, Double>();
                double ceiling = runs / seconds.get(Mode.UNTRACED);
                for (var mode : Mode.values()) {
                    double perSecond = runs / seconds.get(mode);
                    var sorted = latencies.get(mode).stream().mapToLong(Long::longValue).toArray();
                    Arrays.sort(sorted);
                    String received = mode == Mode.RECEIVER_UP ? String.valueOf(receiver.spans().size()) : "";
                    rows.add(List.of(mode.label, String.valueOf(runs), BenchReport.plain(perSecond),
                            BenchReport.plain(perSecond / ceiling), BenchReport.plain(percentile(sorted, 0.5) / 1e6),
                            BenchReport.plain(percentile(sorted, 0.95) / 1e6), received,
                            mode == Mode.UNTRACED ? "" : String.valueOf(tracings.get(mode).droppedSpans())));
                    var name = mode.name().toLowerCase(Locale.ROOT);
                    results.put(name + "_runs_per_s", perSecond);
                    if (mode != Mode.UNTRACED) {
                        results.put(name + "_vs_untraced", perSecond / ceiling);
                    }
                }
                results.put("spans_received_up", (double) receiver.spans().size());
                results.put("spans_dropped_down", (double) tracings.get(Mode.RECEIVER_DOWN).droppedSpans());
                var report = new BenchReport(List.of("mode", "runs", "runs/s", "vs untraced", "p50 ms", "p95 ms",
                        "spans received", "spans dropped"), rows, results);
                System.out.print(report.markdown());
                System.out.println(report.resultLine());
            } finally {
                tracings.values().forEach(AgentTracing::close);
            }
        }
        return 0;
    }

    private static void warmUp(OpenAiStandIn model, Payload.AgentSetting setting, AgentTracing off, TaskMessage task,
            TaskInput input) throws Exception {
        TaskHandler work = new ModelAgentWork(ProviderModels.connect(setting, Optional.empty(), Duration.ofSeconds(30)), setting,
                pause -> { }, off.tracer());
        for (int i = 0; i < 100; i++) {
            work.handle(task, input);
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
