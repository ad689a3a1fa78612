package dev.debugd.cli;

import dev.debugd.config.Endpoints;
import dev.debugd.readmodel.Replay;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Rebuilds the read model in Postgres from the three Kafka topics into a shadow schema, then swaps it "
            + "in atomically; the old read model serves reads until then. Bad records met on the way are published "
            + "as EventRejected (the same fact on every replay).")
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--from-offset", required = true, description = "Where to start in every partition: 0 (a full rebuild).")
    long fromOffset;

    @Mixin
    TopicOptions topicOptions;

    @Override
    public Integer call() throws Exception {
        if (fromOffset != 0) {
            throw new IllegalArgumentException("--from-offset must be 0: a rebuild reads every partition from its start");
        }
        var summary = Replay.run(Endpoints.fromEnvironment(), topicOptions.topics(), System.err);
        System.out.printf("replay: rebuilt the read model from %d records (%d rejected) in %.1f s and swapped it in%n",
                summary.records(), summary.rejected(), summary.seconds());
        return 0;
    }
}
