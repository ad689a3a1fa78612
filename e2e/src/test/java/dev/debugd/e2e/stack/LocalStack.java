package dev.debugd.e2e.stack;

import static org.assertj.core.api.Assertions.fail;

import dev.debugd.config.Endpoints;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

/**
 * How tests find the real local stack: the variables `bin/stack env` prints, with loopback defaults. A
 * server that is not there fails the test with the command that starts it; nothing is skipped.
 */
public final class LocalStack {

    public static final String START = "start the local stack: bin/stack up && eval \"$(bin/stack env)\"";

    private LocalStack() {}

    public static Endpoints endpoints() {
        try {
            return Endpoints.fromEnvironment();
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
    }

    public static Endpoints requireKafka() {
        var endpoints = endpoints();
        requireReachable("Kafka", endpoints.kafka().bootstrapServers());
        return endpoints;
    }

    /** Checks the first host:port of a Kafka bootstrap list. */
    private static void requireReachable(String server, String bootstrapServers) {
        var first = bootstrapServers.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        requireReachable(server, first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
    }

    /**
     * The stack's SASL_SSL listener, as the platform is pointed at a Kafka over TLS: KAFKA_SECURITY_PROTOCOL=SASL_SSL
     * and the bootstrap address and trust store that {@code bin/stack env} prints for it, with the admin's credentials.
     */
    public static Endpoints.Kafka requireKafkaSsl() {
        var env = new HashMap<>(System.getenv());
        var names = List.of("KAFKA_SSL_BOOTSTRAP_SERVERS", "KAFKA_SSL_TRUSTSTORE_LOCATION", "KAFKA_SSL_TRUSTSTORE_PASSWORD");
        if (names.stream().anyMatch(name -> env.getOrDefault(name, "").isBlank())) {
            return fail(String.join(", ", names) + " are not all set (bin/stack up opens Kafka's SASL_SSL listener,"
                    + " restarting once a Kafka that lacks it); " + START);
        }
        var bootstrap = env.get("KAFKA_SSL_BOOTSTRAP_SERVERS");
        requireReachable("Kafka's SASL_SSL listener", bootstrap);
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        try {
            return Endpoints.fromEnvironment(env).kafka();
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
    }

    /** The stack's ElasticMQ: SQS_ENDPOINT must name it, since without it the platform would use AWS's own SQS. */
    public static Endpoints requireSqs() {
        var endpoints = endpoints();
        requireReachable("ElasticMQ (SQS)", sqsEndpoint(endpoints));
        return endpoints;
    }

    public static URI sqsEndpoint(Endpoints endpoints) {
        return endpoints.sqs().orElseGet(() -> fail("SQS_ENDPOINT is not set, so SQS would be AWS's own; " + START));
    }

    public static Endpoints requireClickHouse() {
        var endpoints = endpoints();
        requireReachable("ClickHouse", endpoints.clickhouse().url());
        return endpoints;
    }

    /**
     * The stack's password-protected ClickHouse user ({@code bin/stack env} prints it; an {@code up} on a stack made before
     * it existed adds it), on the ClickHouse the other tests use.
     */
    public static Endpoints.ClickHouse requireSecuredClickHouse() {
        var url = requireClickHouse().clickhouse().url();
        var user = System.getenv("CLICKHOUSE_SECURED_USER");
        var password = System.getenv("CLICKHOUSE_SECURED_PASSWORD");
        if (user == null || user.isBlank() || password == null || password.isBlank()) {
            return fail("CLICKHOUSE_SECURED_USER and CLICKHOUSE_SECURED_PASSWORD are not set (bin/stack up adds the secured user);"
                    + " " + START);
        }
        return new Endpoints.ClickHouse(url, user, password);
    }

    public static Endpoints requirePostgres() {
        var endpoints = endpoints();
        requireReachable("PostgreSQL", endpoints.postgres().host(), endpoints.postgres().port());
        return endpoints;
    }

    private static void requireReachable(String server, URI uri) {
        requireReachable(server, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80);
    }

    public static void requireReachable(String server, String host, int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
        } catch (IOException e) {
            fail(server + " is not reachable at " + host + ":" + port + " (" + e.getMessage() + "); " + START);
        }
    }

    /** A name unique to this run, for topics, queues and databases that the test deletes afterwards. */
    public static String uniqueName(String purpose) {
        return "test-" + UUID.randomUUID().toString().substring(0, 8) + "-" + purpose;
    }

    /** The repository's root, where bin/stack is. */
    public static Path root() {
        var root = Path.of(System.getProperty("debugd.root", "..")).toAbsolutePath().normalize();
        if (!Files.isExecutable(root.resolve("bin/stack"))) {
            fail("bin/stack not found under " + root + " (set -Ddebugd.root=<repository root>)");
        }
        return root;
    }

    /** The stack's home directory, where bin/stack keeps the servers' jars, data and logs. */
    public static Path home() {
        return Path.of(System.getenv().getOrDefault("DEBUGD_STACK_HOME", "/var/lib/debugd-stack"));
    }
}
