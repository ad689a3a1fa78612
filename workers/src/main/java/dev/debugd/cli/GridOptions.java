package dev.debugd.cli;

import dev.debugd.evidence.BucketGrid;
import picocli.CommandLine.Option;

/** The bucket grid's options, the same for `serve`, `detect` and `generate`: all three must run with the same. */
final class GridOptions {

    @Option(names = "--bucket", defaultValue = "60s", description = "Width of the detection buckets (default ${DEFAULT-VALUE}).")
    String bucket;

    @Option(names = "--lateness", defaultValue = "2m", description = "How long after a bucket ends its evidence still counts;"
            + " later rows go to late_arrivals (default ${DEFAULT-VALUE}).")
    String lateness;

    BucketGrid grid() {
        return new BucketGrid(Durations.parse(bucket, "--bucket"), Durations.parse(lateness, "--lateness"));
    }
}
