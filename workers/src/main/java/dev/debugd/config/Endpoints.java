package dev.debugd.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

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

    /** How Kafka clients reach the brokers; SCRAM-SHA-512 authenticates them either way. */
    public enum SecurityProtocol { SASL_PLAINTEXT, SASL_SSL }

    /**
     * The trust store that holds the certificate (or its CA) of a Kafka reached over SASL_SSL, in place of the JVM's
     * default one.
     *
     * @param type PKCS12, JKS or PEM, as Kafka's ssl.truststore.type takes them
     * @param password empty for none (a PEM file never has one)
     */
    public record TrustStore(Path location, String type, String password) {
        private static final Set<String> TYPES = Set.of("PKCS12", "JKS", "PEM");

        public TrustStore {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(password, "password");
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException(
                        "KAFKA_SSL_TRUSTSTORE_TYPE must be one of PKCS12, JKS or PEM, got '" + type + "'");
            }
            if ("PEM".equals(type) && !password.isEmpty()) {
                throw new IllegalArgumentException(
                        "KAFKA_SSL_TRUSTSTORE_PASSWORD must be empty for a PEM trust store (Kafka refuses one)");
            }
        }

        /** The type a file's name implies: .jks is JKS, .pem and .crt are PEM, anything else PKCS12. */
        static String typeOf(Path location) {
            var name = location.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".jks")) {
                return "JKS";
            }
            return name.endsWith(".pem") || name.endsWith(".crt") ? "PEM" : "PKCS12";
        }

        @Override
        public String toString() {
            return location + " (" + type + ")"; // never the password
        }
    }

    /**
     * Kafka with SCRAM-SHA-512 over SASL_PLAINTEXT or SASL_SSL. Over SASL_SSL the broker's certificate is checked
     * against the trust store, or the JVM's default trust store without one, and its name against the address dialled.
     */
    public record Kafka(String bootstrapServers, String username, String password, SecurityProtocol securityProtocol,
            Optional<TrustStore> trustStore) {
        public Kafka {
            require(bootstrapServers, "KAFKA_BOOTSTRAP_SERVERS");
            require(username, "KAFKA_SASL_USERNAME");
            require(password, "KAFKA_SASL_PASSWORD");
            Objects.requireNonNull(securityProtocol, "securityProtocol");
            Objects.requireNonNull(trustStore, "trustStore");
            if (trustStore.isPresent() && securityProtocol != SecurityProtocol.SASL_SSL) {
                throw new IllegalArgumentException("a Kafka trust store needs KAFKA_SECURITY_PROTOCOL=SASL_SSL");
            }
        }

        /** SASL_PLAINTEXT, as the local stack's first listener serves it. */
        public Kafka(String bootstrapServers, String username, String password) {
            this(bootstrapServers, username, password, SecurityProtocol.SASL_PLAINTEXT, Optional.empty());
        }

        /** Client properties shared by producers, consumers and admin clients. */
        public Properties clientProperties() {
            var props = new Properties();
            props.put("bootstrap.servers", bootstrapServers);
            props.put("security.protocol", securityProtocol.name());
            props.put("sasl.mechanism", "SCRAM-SHA-512");
            props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + jaasEscape(username) + "\" password=\"" + jaasEscape(password) + "\";");
            if (securityProtocol == SecurityProtocol.SASL_SSL) {
                // Kafka's default, stated rather than assumed: the certificate must name the address dialled.
                props.put("ssl.endpoint.identification.algorithm", "https");
                trustStore.ifPresent(store -> {
                    props.put("ssl.truststore.location", store.location().toString());
                    props.put("ssl.truststore.type", store.type());
                    if (!store.password().isEmpty()) {
                        props.put("ssl.truststore.password", store.password());
                    }
                });
            }
            return props;
        }

        @Override
        public String toString() {
            var over = securityProtocol == SecurityProtocol.SASL_PLAINTEXT ? ""
                    : ", SASL_SSL trusting " + trustStore.map(TrustStore::toString).orElse("the JVM's default trust store");
            return "Kafka[" + bootstrapServers + ", user " + username + over + "]"; // never a password
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
        var protocol = securityProtocol(env);
        var kafka = new Kafka(env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:29092"),
                env.getOrDefault("KAFKA_SASL_USERNAME", "admin"), password, protocol,
                protocol == SecurityProtocol.SASL_SSL ? trustStore(env) : Optional.empty());
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

    private static SecurityProtocol securityProtocol(Map<String, String> env) {
        var value = nonBlank(env, "KAFKA_SECURITY_PROTOCOL").orElse("SASL_PLAINTEXT");
        try {
            return SecurityProtocol.valueOf(value.toUpperCase(Locale.ROOT)); // as Kafka reads security.protocol
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "KAFKA_SECURITY_PROTOCOL must be SASL_PLAINTEXT or SASL_SSL, got '" + value + "'");
        }
    }

    /**
     * The trust store that KAFKA_SSL_TRUSTSTORE_LOCATION names, if any. Read only for SASL_SSL: `bin/stack env` prints
     * the stack's trust store beside its SASL_PLAINTEXT address, and there it does not apply.
     */
    private static Optional<TrustStore> trustStore(Map<String, String> env) {
        return nonBlank(env, "KAFKA_SSL_TRUSTSTORE_LOCATION").map(value -> {
            var location = Path.of(value);
            if (!Files.isReadable(location)) {
                throw new IllegalArgumentException("KAFKA_SSL_TRUSTSTORE_LOCATION names no readable file: " + value);
            }
            var type = nonBlank(env, "KAFKA_SSL_TRUSTSTORE_TYPE").map(t -> t.toUpperCase(Locale.ROOT))
                    .orElseGet(() -> TrustStore.typeOf(location));
            return new TrustStore(location, type, env.getOrDefault("KAFKA_SSL_TRUSTSTORE_PASSWORD", ""));
        });
    }

    private static Optional<String> nonBlank(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(value -> !value.isEmpty());
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
