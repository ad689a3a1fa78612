package dev.debugd.cli;

import dev.debugd.evidence.BucketGrid;
import picocli.CommandLine.Option;

/**
 * The bucket grid's options, the same for `serve`, `detect` and `generate`: all three must run with the same. The
 * defaults are the fields' values (not the annotations'), so that the demo can hand in its own short grid.
 */
final class GridOptions {

    @Option(names = "--bucket", description = "Width of the detection buckets (default ${DEFAULT-VALUE}).")
    String bucket = "60s";

    @Option(names = "--lateness", description = "How long after a bucket ends its evidence still counts;"
            + " later rows go to late_arrivals (default ${DEFAULT-VALUE}).")
    String lateness = "2m";

    static GridOptions of(String bucket, String lateness) {
        var options = new GridOptions();
        options.bucket = bucket;
        options.lateness = lateness;
        return options;
    }

    BucketGrid grid() {
        return new BucketGrid(Durations.parse(bucket, "--bucket"), Durations.parse(lateness, "--lateness"));
    }
}
