package dev.debugd.cli;

import picocli.CommandLine.Option;

/** Which ClickHouse database holds the evidence: the same option for every role that reads or writes it. */
final class EvidenceDatabaseOptions {

    @Option(names = "--clickhouse-database", description = "ClickHouse database of the evidence (default ${DEFAULT-VALUE}).")
    String name = "debugd";
}
