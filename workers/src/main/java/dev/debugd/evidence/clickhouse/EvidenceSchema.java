package dev.debugd.evidence.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Versioned migrations of the evidence database, applied by the project (no migration tool speaks ClickHouse
 * 18.16): `db/clickhouse/V<n>__<name>.sql` in order, each recorded in `schema_migrations` once it has run. The
 * statements are idempotent, so a migration that stopped half-way runs again from its start.
 */
public final class EvidenceSchema {

    /** The migrations, in order. A new one is added here and as a file. */
    static final List<String> MIGRATIONS = List.of("V1__evidence", "V2__late_arrivals", "V3__deploys", "V4__signature_versions",
            "V5__exception_environment_and_tags");

    /** A statement that adds one column (a migration adds one per statement, so that a rerun can tell it is done). */
    private static final Pattern ADDS_A_COLUMN = Pattern.compile("^ALTER TABLE \\S+ ADD COLUMN \\S+ [^,]*$");

    private final ClickHouseHttp clickhouse;

    public EvidenceSchema(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    /** Applies what is missing; returns the migrations applied by this call. */
    public List<String> migrate() throws IOException, InterruptedException {
        clickhouse.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String)"
                + " ENGINE = MergeTree ORDER BY version");
        var applied = new HashSet<Integer>();
        for (var row : clickhouse.query("SELECT version FROM schema_migrations")) {
            applied.add(row.get("version").asInt());
        }
        var now = new ArrayList<String>();
        for (int i = 0; i < MIGRATIONS.size(); i++) {
            int version = i + 1;
            if (applied.contains(version)) {
                continue;
            }
            var name = MIGRATIONS.get(i);
            for (var statement : statements(read(name))) {
                try {
                    clickhouse.execute(statement);
                } catch (ClickHouseHttp.ClickHouseException e) {
                    // ClickHouse 18.16 has no ADD COLUMN IF NOT EXISTS: a column that a half-run migration added is there.
                    if (!ADDS_A_COLUMN.matcher(statement).find() || !e.getMessage().contains("column with this name already exists")) {
                        throw e;
                    }
                }
            }
            clickhouse.insert("schema_migrations", List.of("{\"version\":" + version + ",\"name\":\"" + name + "\"}"));
            now.add(name);
        }
        return now;
    }

    private static String read(String name) throws IOException {
        try (InputStream in = EvidenceSchema.class.getResourceAsStream("/db/clickhouse/" + name + ".sql")) {
            if (in == null) {
                throw new IOException("migration db/clickhouse/" + name + ".sql is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The statements of a migration file: comments dropped, split at semicolons that end a line. Pure. */
    static List<String> statements(String text) {
        var statements = new ArrayList<String>();
        var current = new StringBuilder();
        for (var line : text.split("\n")) {
            var trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                var statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalArgumentException("the last statement does not end with ';': " + current.toString().strip());
        }
        return statements;
    }
}
