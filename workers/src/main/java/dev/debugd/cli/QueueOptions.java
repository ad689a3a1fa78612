package dev.debugd.cli;

import picocli.CommandLine.Option;

/** The work queues' names, the same option for every command that sends or works tasks: all must run with the same. */
final class QueueOptions {

    @Option(names = "--queue-prefix", defaultValue = "", description = "Prefix of the work queues' names (default none).")
    String prefix;
}
