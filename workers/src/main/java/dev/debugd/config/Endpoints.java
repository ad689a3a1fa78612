package dev.debugd.config;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the platform's servers are, read from the environment that {@code bin/stack env} prints (the
 * product and the tests read the same variables). Defaults point at the local stack on loopback; the Kafka
 * password has no default, because it is made per stack. SQS has no default either: without SQS_ENDPOINT it is
 * AWS's own, for the region the AWS SDK finds.
 *
 * @param sqs the SQS-compatible server to use (ElasticMQ locally); empty for AWS's own SQS
 */
public record Endpoints(Kafka kafka, Optional<URI> sqs, ClickHouse clickhouse, Postgres postgres) {

    public static final String HOW_TO_SET = "start the local stack and load its settings: bin/stack up && eval \"$(bin/stack env)\"";

    /**
     * Kafka with SCRAM-SHA-512, the only mechanism the platform's brokers offer, over SASL_PLAINTEXT (the local stack) or
     * SASL_SSL (a managed or TLS-terminating cluster).
     *
     * @param truststore a PEM file of the certificates that sign the brokers' (SASL_SSL only), or null for the JVM's own
     */
    public record Kafka(String bootstrapServers, String username, String password, String securityProtocol, String truststore) {
        public Kafka {
            require(bootstrapServers, "KAFKA_BOOTSTRAP_SERVERS");
            require(username, "KAFKA_SASL_USERNAME");
            require(password, "KAFKA_SASL_PASSWORD");
            if (!"SASL_PLAINTEXT".equals(securityProtocol) && !"SASL_SSL".equals(securityProtocol)) {
                throw new IllegalArgumentException("KAFKA_SECURITY_PROTOCOL must be SASL_PLAINTEXT or SASL_SSL, got '"
                        + securityProtocol + "'");
            }
            if (truststore != null && !"SASL_SSL".equals(securityProtocol)) {
                throw new IllegalArgumentException("KAFKA_SSL_TRUSTSTORE_LOCATION is for KAFKA_SECURITY_PROTOCOL=SASL_SSL only");
            }
        }

        /** Over SASL_PLAINTEXT, as the local stack's broker listens. */
        public Kafka(String bootstrapServers, String username, String password) {
            this(bootstrapServers, username, password, "SASL_PLAINTEXT", null);
        }

        /** Client properties shared by producers, consumers and admin clients. */
        public Properties clientProperties() {
            var props = new Properties();
            props.put("bootstrap.servers", bootstrapServers);
            props.put("security.protocol", securityProtocol);
            if (truststore != null) {
                props.put("ssl.truststore.type", "PEM");
                props.put("ssl.truststore.location", truststore);
            }
            props.put("sasl.mechanism", "SCRAM-SHA-512");
            props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + jaasEscape(username) + "\" password=\"" + jaasEscape(password) + "\";");
            return props;
        }

        @Override
        public String toString() {
            return "Kafka[" + bootstrapServers + ", user " + username + ", " + securityProtocol + "]"; // never the password
        }
    }

    /**
     * ClickHouse's HTTP interface: an http or https URL (https trusts what the JVM trusts; the standard
     * javax.net.ssl.trustStore properties name another trust store) and the user the platform logs in as, with its
     * password, empty for a user without one. Both travel as headers, so they must be printable ASCII.
     */
    public record ClickHouse(URI url, String user, String password) {
        public ClickHouse {
            require(user, "CLICKHOUSE_USER");
            requireHeaderSafe(user, "CLICKHOUSE_USER");
            requireHeaderSafe(password, "CLICKHOUSE_PASSWORD");
        }

        /** The same login on another address (a proxy in front of the same server). */
        public ClickHouse withUrl(URI other) {
            return new ClickHouse(other, user, password);
        }

        @Override
        public String toString() {
            return url + " as " + user; // never the password
        }

        private static void requireHeaderSafe(String value, String name) {
            if (!value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException(name + " may hold only printable ASCII characters (it is sent as an HTTP header)");
            }
        }
    }

    /** PostgreSQL, located with libpq's own variables so that psql works with the same settings. */
    public record Postgres(String host, int port, String user, String database, String password) {
        public Postgres {
            require(host, "PGHOST");
            require(user, "PGUSER");
            require(database, "PGDATABASE");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("PGPORT must be a TCP port (1-65535), got " + port);
            }
        }

        public String jdbcUrl(String databaseName) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + databaseName;
        }

        public String jdbcUrl() {
            return jdbcUrl(database);
        }

        @Override
        public String toString() {
            return "Postgres[" + user + "@" + host + ":" + port + "/" + database + "]";
        }
    }

    public static Endpoints fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static Endpoints fromEnvironment(Map<String, String> env) {
        var password = env.get("KAFKA_SASL_PASSWORD");
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("KAFKA_SASL_PASSWORD is not set: " + HOW_TO_SET);
        }
        var truststore = env.get("KAFKA_SSL_TRUSTSTORE_LOCATION");
        var kafka = new Kafka(env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:29092"),
                env.getOrDefault("KAFKA_SASL_USERNAME", "admin"), password,
                env.getOrDefault("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"), truststore == null || truststore.isBlank() ? null : truststore);
        var postgres = new Postgres(env.getOrDefault("PGHOST", "127.0.0.1"),
                port(env.getOrDefault("PGPORT", "25432")), env.getOrDefault("PGUSER", "debugd"),
                env.getOrDefault("PGDATABASE", "debugd"), env.getOrDefault("PGPASSWORD", ""));
        // ClickHouse's own default user, without a password, is what the local stack offers.
        var clickhouse = new ClickHouse(httpBase(env, "CLICKHOUSE_URL", "http://127.0.0.1:28123"),
                env.getOrDefault("CLICKHOUSE_USER", "default"), env.getOrDefault("CLICKHOUSE_PASSWORD", ""));
        var sqs = Optional.ofNullable(env.get("SQS_ENDPOINT")).filter(value -> !value.isBlank())
                .map(value -> httpBase("SQS_ENDPOINT", value));
        return new Endpoints(kafka, sqs, clickhouse, postgres);
    }

    /** Where SQS is, for logs and checks. */
    public String sqsName() {
        return sqs.map(URI::toString).orElse("AWS SQS (region and credentials from the AWS SDK's default chains)");
    }

    private static URI httpBase(Map<String, String> env, String name, String fallback) {
        return httpBase(name, env.getOrDefault(name, fallback));
    }

    private static URI httpBase(String name, String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a URL: " + e.getMessage());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an http(s)://host:port URL, got '" + value + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(name + " must not carry credentials in the URL");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !"/".equals(uri.getRawPath())) {
            throw new IllegalArgumentException(name + " must have no path, got '" + uri.getRawPath() + "'");
        }
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
    }

    private static int port(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PGPORT must be a number, got '" + value + "'");
        }
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is empty: " + HOW_TO_SET);
        }
    }

    private static String jaasEscape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
