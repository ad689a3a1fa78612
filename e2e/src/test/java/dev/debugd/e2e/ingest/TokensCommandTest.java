package dev.debugd.e2e.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.access.ApiTokens;
import dev.debugd.access.Scope;
import dev.debugd.e2e.stack.LocalStack;
import dev.debugd.e2e.stack.Processes;
import dev.debugd.e2e.stack.TestDatabase;
import dev.debugd.store.Postgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** `bin/debugd tokens` as a user runs it, on the real Postgres: scoped tokens made, listed, used, revoked and audited. */
class TokensCommandTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @Test
    void createsScopedTokensAndKeepsAnAuditTrailOfEveryChange() throws Exception {
        LocalStack.requirePostgres();
        try (var database = new TestDatabase()) {
            var env = Map.of("PGDATABASE", database.postgres.database());
            var created = debugd(env, "tokens", "create", "--tenant", "acme", "--name", "alice", "--scope", "read,act");
            assertThat(created.exitCode()).as(created.all()).isZero();
            var token = created.stdout().strip();
            assertThat(token).startsWith("dbg_").hasSizeGreaterThan(40);
            assertThat(debugd(env, "tokens", "create", "--tenant", "acme", "--name", "shipper").exitCode()).isZero();

            try (var pool = new Postgres(database.postgres).pool("test", 1)) {
                var tokens = new ApiTokens(pool);
                var alice = tokens.authorize("Bearer " + token, Scope.READ);
                assertThat(alice.granted()).isTrue();
                assertThat(alice.caller().name()).isEqualTo("alice");
                assertThat(tokens.authorize("Bearer " + token, Scope.INGEST).status()).isEqualTo(403);
            }
            var listed = debugd(env, "tokens", "list");
            assertThat(listed.stdout()).contains("| tenant | name | scopes | created | last used | revoked |")
                    .containsPattern("\\| acme \\| alice \\| read,act \\| [0-9T:.Z-]+ \\| [0-9T:.Z-]+ \\|  \\|")
                    .containsPattern("\\| acme \\| shipper \\| ingest \\| [0-9T:.Z-]+ \\|  \\|  \\|")
                    .doesNotContain(token);

            assertThat(debugd(env, "tokens", "revoke", "--tenant", "acme", "--name", "alice").stdout()).contains("revoked acme/alice");
            var again = debugd(env, "tokens", "revoke", "--tenant", "acme", "--name", "alice");
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.stderr()).contains("tenant acme has no active token named 'alice'");
            var badScope = debugd(env, "tokens", "create", "--tenant", "acme", "--name", "x", "--scope", "read,admin");
            assertThat(badScope.exitCode()).isEqualTo(2);
            assertThat(badScope.stderr()).contains("scope 'admin' is not one of ingest, read, act");

            var audit = debugd(env, "tokens", "audit", "--tenant", "acme");
            assertThat(audit.stdout().lines().filter(line -> line.startsWith("| 20")).map(line -> line.replaceFirst("^\\| \\S+ ", "")))
                    .containsExactly("| cli | token_revoked | alice |  |", "| cli | token_created | shipper | {scopes=ingest} |",
                            "| cli | token_created | alice | {scopes=read,act} |");
        }
    }

    private static Processes.Result debugd(Map<String, String> env, String... args) {
        var command = new ArrayList<>(List.of("bin/debugd"));
        command.addAll(List.of(args));
        return Processes.run(command, env, PATIENCE);
    }
}
