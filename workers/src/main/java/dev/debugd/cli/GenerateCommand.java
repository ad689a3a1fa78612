package dev.debugd.cli;

import dev.debugd.evidence.BucketGrid;
import dev.debugd.generate.TrafficGenerator;
import dev.debugd.ingest.IngestBody;
import dev.debugd.standins.github.DemoRepository;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Sends generated traffic to the ingest endpoint as it happens: several services with healthy traffic and, "
            + "unless --no-faults, seven injected faults (new exceptions after four services' deploys, a spike of an old error, a"
            + " rising 5xx rate, a slow dependency), the same for the same seed. Prints which faults to expect and when. Use the bucket "
            + "width and lateness `bin/debugd serve` and `bin/debugd detect` run with.")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "The API (default ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--token", description = "The tenant's ingest token (default: $DEBUGD_TOKEN).")
    String token;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--services", defaultValue = "8", description = "Services (default ${DEFAULT-VALUE}).")
    int services;

    @Option(names = "--buckets", defaultValue = "90", description = "Buckets of traffic (default ${DEFAULT-VALUE}).")
    int buckets;

    @Mixin
    GridOptions gridOptions;

    @Option(names = "--no-faults", description = "Healthy traffic only.")
    boolean noFaults;

    @Override
    public Integer call() throws Exception {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("an ingest token is needed: --token or $DEBUGD_TOKEN (bin/debugd tokens create --tenant NAME)");
        }
        var repository = DemoRepository.build();
        live(url, token, new TrafficGenerator.Settings(seed, services, buckets, !noFaults, repository.benignReleases(),
                TrafficGenerator.NOVEL_FAULT_SERVICES.stream().map(repository::faultyRelease).toList()), gridOptions.grid(), Clock.systemUTC(),
                System.out, run -> { });
        return 0;
    }

    /**
     * Generates the traffic from the next bucket on and sends each batch when its time comes, telling {@code out} which
     * faults to expect and when; progress goes to standard error. The run is handed to {@code running} before the first
     * batch, so that deploys made while it runs ({@link TrafficGenerator.Run#deploy}) change what follows.
     */
    static TrafficGenerator.Traffic live(URI url, String token, TrafficGenerator.Settings settings, BucketGrid grid, Clock clock,
            PrintStream out, Consumer<TrafficGenerator.Run> running) throws Exception {
        var start = grid.start(grid.bucketOf(clock.instant()) + 1);
        var run = new TrafficGenerator(settings, grid, start).start();
        running.accept(run);
        int sends = settings.buckets() + 4;
        out.printf("generate: %d buckets of %ds for %d services from %s, a batch at the end of each, to %s%n", settings.buckets(),
                grid.widthSeconds(), settings.services(), start, url);
        for (var fault : run.faults()) {
            out.printf("generate: fault '%s' in %s from %s: expect %s about %s%n", fault.kind(), fault.service(),
                    grid.start(fault.bucket()), fault.rule(), grid.watermark(fault.bucket()));
        }
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var bodies = new IngestBody();
        var sent = new ArrayList<TrafficGenerator.Delivery>();
        var rows = new AtomicLong();
        int progressEvery = Math.max(1, sends / 10); // about ten progress lines, whatever the length
        // One thread sends each bucket's batch when its time comes, after the one before.
        var scheduler = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "generate"));
        try {
            for (int i = 0; run.hasNext(); i++) {
                // Each bucket's batch goes a second after the bucket ends, as a shipper flushing at the end of each would.
                var due = grid.end(run.firstBucket() + i).plusSeconds(Math.min(grid.widthSeconds() - 1, 1));
                long wait = Math.max(0, Duration.between(clock.instant(), due).toMillis());
                int batch = i + 1;
                scheduler.schedule(() -> {
                    var delivery = run.next();
                    if (delivery.isPresent()) {
                        var request = HttpRequest.newBuilder(url.resolve("/v1/ingest")).timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.encode(delivery.get().batchId(),
                                        delivery.get().evidence()))).build();
                        send(http, request, delivery.get().batchId());
                        sent.add(delivery.get());
                        rows.addAndGet(delivery.get().evidence().size());
                    }
                    if (batch % progressEvery == 0 || !run.hasNext()) {
                        System.err.printf("generate: %d/%d batches, %d rows sent%n", batch, sends, rows.get());
                    }
                    return null;
                }, wait, TimeUnit.MILLISECONDS).get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
        } finally {
            scheduler.shutdownNow();
        }
        out.println("generate: done, " + rows.get() + " rows in " + sent.size() + " batches");
        return new TrafficGenerator.Traffic(sent, run.faults(), run.serviceBuckets(), run.firstBucket(), run.lastBucket());
    }

    /** Sends until the API stores the batch (a retried batch is stored once); a refusal is the generator's bug. */
    private static void send(HttpClient http, HttpRequest request, String batchId) throws Exception {
        var retry = HttpRetry.backingOff("generate: batch " + batchId, Duration.ofMillis(500), Duration.ofSeconds(10), 30,
                response -> response.statusCode() == 503);
        var response = retry.executeCallable(() -> http.send(request, HttpResponse.BodyHandlers.ofString()));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the API refused batch " + batchId + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }
}
