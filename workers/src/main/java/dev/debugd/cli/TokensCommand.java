package dev.debugd.cli;

import dev.debugd.access.ApiTokens;
import dev.debugd.access.AuditTrail;
import dev.debugd.access.Scope;
import dev.debugd.config.Endpoints;
import dev.debugd.store.Postgres;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "Manages the tenants' API tokens (kept in Postgres as SHA-256 only), each named and scoped: ingest"
            + " (send evidence), read (read incidents), act (record a person's facts, and read). Every change goes to the"
            + " tenant's audit trail.",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class,
            TokensCommand.Audit.class})
final class TokensCommand {

    /** Who the audit trail says made a change from the command line. */
    private static final String ACTOR = "cli";

    private static DataSource settings() {
        var postgres = new Postgres(Endpoints.fromEnvironment().postgres());
        postgres.migrateSettings();
        return postgres.pool("tokens", 1);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a token for a tenant and prints it on standard output, the only time it is shown.")
    static final class Create implements Callable<Integer> {
        @Option(names = "--tenant", required = true, description = "The tenant the token belongs to.")
        String tenant;

        @Option(names = "--name", defaultValue = "default", description = "A name to tell the tenant's tokens apart; the facts"
                + " a person records with it name it (default ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--scope", split = ",", defaultValue = "ingest", description = "What it may do, comma-separated:"
                + " ingest, read, act (default ${DEFAULT-VALUE}).")
        List<String> scopes;

        @Override
        public Integer call() throws Exception {
            System.out.println(new ApiTokens(settings()).create(tenant, name, ApiTokens.parseScopes(scopes), ACTOR));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the tokens (names only, never the tokens).")
    static final class ListTokens implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            System.out.println("| tenant | name | scopes | created | last used | revoked |");
            System.out.println("|---|---|---|---|---|---|");
            for (var token : new ApiTokens(settings()).list()) {
                System.out.printf("| %s | %s | %s | %s | %s | %s |%n", token.tenant(), token.name(),
                        token.scopes().stream().sorted().map(Scope::value).collect(Collectors.joining(",")), token.createdAt(),
                        orEmpty(token.lastUsedAt()), orEmpty(token.revokedAt()));
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
            if (!new ApiTokens(settings()).revoke(tenant, name, ACTOR)) {
                System.err.println("debugd: tenant " + tenant + " has no active token named '" + name + "'");
                return 1;
            }
            System.out.println("revoked " + tenant + "/" + name);
            return 0;
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = "Prints a tenant's audit trail, newest first: token changes and the facts people recorded.")
    static final class Audit implements Callable<Integer> {
        @Option(names = "--tenant", required = true)
        String tenant;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many entries (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() throws Exception {
            if (limit < 1 || limit > 1000) {
                throw new IllegalArgumentException("--limit must be 1-1000, got " + limit);
            }
            System.out.println("| at | who | what | subject | detail |");
            System.out.println("|---|---|---|---|---|");
            for (var entry : new AuditTrail(settings()).list(tenant, limit, 0)) {
                System.out.printf("| %s | %s | %s | %s | %s |%n", entry.at(), entry.actor(), entry.action(), entry.subject(),
                        entry.detail().isEmpty() ? "" : entry.detail());
            }
            return 0;
        }
    }

    private static String orEmpty(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
