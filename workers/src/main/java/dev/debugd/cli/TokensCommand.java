package dev.debugd.cli;

import dev.debugd.config.Endpoints;
import dev.debugd.ingest.IngestTokens;
import dev.debugd.store.Postgres;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "Manages the tenants' ingest tokens (kept in Postgres as SHA-256 only).",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
final class TokensCommand {

    private static IngestTokens tokens() {
        var postgres = new Postgres(Endpoints.fromEnvironment().postgres());
        postgres.migrate("ingest", "ingest");
        return new IngestTokens(postgres.pool("tokens", 1));
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a token for a tenant and prints it on standard output, the only time it is shown.")
    static final class Create implements Callable<Integer> {
        @Option(names = "--tenant", required = true, description = "The tenant the token sends evidence for.")
        String tenant;

        @Option(names = "--name", defaultValue = "default", description = "A name to tell the tenant's tokens apart (default ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() throws Exception {
            System.out.println(tokens().create(tenant, name));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the tokens (names only, never the tokens).")
    static final class ListTokens implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            System.out.println("| tenant | name | created | revoked |");
            System.out.println("|---|---|---|---|");
            for (var token : tokens().list()) {
                System.out.printf("| %s | %s | %s | %s |%n", token.tenant(), token.name(), token.createdAt(),
                        token.revokedAt() == null ? "" : token.revokedAt());
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a tenant's token by name.")
    static final class Revoke implements Callable<Integer> {
        @Option(names = "--tenant", required = true)
        String tenant;

        @Option(names = "--name", required = true)
        String name;

        @Override
        public Integer call() throws Exception {
            if (!tokens().revoke(tenant, name)) {
                System.err.println("debugd: tenant " + tenant + " has no active token named '" + name + "'");
                return 1;
            }
            System.out.println("revoked " + tenant + "/" + name);
            return 0;
        }
    }
}
