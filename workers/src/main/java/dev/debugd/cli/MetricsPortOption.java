package dev.debugd.cli;

import picocli.CommandLine.Option;

/**
 * Where a role serves GET /metrics and GET /healthz: any free port by default, since several roles run side by side on
 * one machine in the local mode (the chart gives each pod its port).
 */
final class MetricsPortOption {

    @Option(names = "--metrics-port", defaultValue = "0", description = "Port of GET /metrics and GET /healthz"
            + " (default: any free one, logged at start).")
    int port;
}
