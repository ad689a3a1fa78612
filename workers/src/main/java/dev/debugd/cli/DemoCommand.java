package dev.debugd.cli;

import dev.debugd.config.Endpoints;
import dev.debugd.health.ServerChecks;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The main job on the embedded default. For now: checks that every server of the local stack answers
 * and is set up as the platform needs (bin/debugd has already brought the stack up).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the platform on the local stack (bin/debugd demo starts the stack first). "
            + "Today it checks that Kafka, SQS, ClickHouse and PostgreSQL + pgvector answer.")
final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        var endpoints = Endpoints.fromEnvironment();
        var checks = new ServerChecks(endpoints).runAll();
        System.out.println("| server | endpoint | status | detail | ms |");
        System.out.println("|---|---|---|---|---|");
        for (var check : checks) {
            System.out.printf("| %s | %s | %s | %s | %d |%n", check.server(), check.endpoint(),
                    check.ok() ? "ok" : "FAILED", check.detail(), check.millis());
        }
        long failed = checks.stream().filter(c -> !c.ok()).count();
        System.out.println(failed == 0 ? "demo: every server answers." : "demo: " + failed + " server(s) failed (above).");
        return failed == 0 ? 0 : 1;
    }
}
