package dev.debugd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointsTest {

    private static final Map<String, String> STACK = Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:29092", "KAFKA_SASL_USERNAME", "admin",
            "KAFKA_SASL_PASSWORD", "s3cr\"et", "SQS_ENDPOINT", "http://127.0.0.1:29324",
            "CLICKHOUSE_URL", "http://127.0.0.1:28123", "PGHOST", "127.0.0.1", "PGPORT", "25432",
            "PGUSER", "debugd", "PGDATABASE", "debugd");

    @Test
    void readsTheVariablesThatStackEnvPrints() {
        var endpoints = Endpoints.fromEnvironment(STACK);
        assertThat(endpoints.kafka().bootstrapServers()).isEqualTo("127.0.0.1:29092");
        assertThat(endpoints.sqs()).contains(URI.create("http://127.0.0.1:29324"));
        assertThat(endpoints.clickhouse().url()).hasToString("http://127.0.0.1:28123");
        assertThat(endpoints.clickhouse().user()).isEqualTo("default");
        assertThat(endpoints.clickhouse().password()).isEmpty();
        assertThat(endpoints.postgres().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:25432/debugd");
        assertThat(endpoints.kafka().clientProperties().getProperty("sasl.jaas.config"))
                .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"admin\" password=\"s3cr\\\"et\";");
    }

    @Test
    void neverShowsThePassword() {
        var endpoints = Endpoints.fromEnvironment(STACK);
        assertThat(endpoints.toString()).doesNotContain("s3cr");
    }

    @Test
    void kafkaIsSaslPlaintextUnlessToldOtherwiseAndIgnoresTheTrustStoreThere() {
        // bin/stack env prints the stack's trust store beside the SASL_PLAINTEXT address.
        var env = with("KAFKA_SSL_TRUSTSTORE_LOCATION", "/nowhere/truststore.p12");
        var props = Endpoints.fromEnvironment(env).kafka().clientProperties();
        assertThat(props.getProperty("security.protocol")).isEqualTo("SASL_PLAINTEXT");
        assertThat(props.getProperty("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(props.stringPropertyNames()).noneMatch(name -> name.startsWith("ssl."));
        assertThat(new Endpoints.Kafka("127.0.0.1:29092", "admin", "pw").securityProtocol())
                .isEqualTo(Endpoints.SecurityProtocol.SASL_PLAINTEXT);
    }

    @Test
    void kafkaOverSaslSslWithATrustStoreKeepsHostnameVerificationOn(@TempDir Path dir) throws IOException {
        var store = Files.createFile(dir.resolve("truststore.p12"));
        var env = with("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka.example:9093");
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", store.toString());
        env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", "ts-s3cret");
        var kafka = Endpoints.fromEnvironment(env).kafka();
        var props = kafka.clientProperties();
        assertThat(props).containsEntry("bootstrap.servers", "kafka.example:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", store.toString())
                .containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("ssl.truststore.password", "ts-s3cret")
                .containsEntry("ssl.endpoint.identification.algorithm", "https");
        assertThat(kafka).hasToString("Kafka[kafka.example:9093, user admin, SASL_SSL trusting " + store + " (PKCS12)]");
        assertThat(Endpoints.fromEnvironment(env).toString()).doesNotContain("s3cr");
    }

    @Test
    void kafkaOverSaslSslWithoutATrustStoreTrustsTheJvmsDefault() {
        var kafka = Endpoints.fromEnvironment(with("KAFKA_SECURITY_PROTOCOL", "sasl_ssl")).kafka();
        assertThat(kafka.trustStore()).isEmpty();
        var props = kafka.clientProperties();
        assertThat(props).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.endpoint.identification.algorithm", "https")
                .doesNotContainKeys("ssl.truststore.location", "ssl.truststore.type", "ssl.truststore.password");
        assertThat(kafka).hasToString("Kafka[127.0.0.1:29092, user admin, SASL_SSL trusting the JVM's default trust store]");
    }

    @Test
    void theTrustStoresTypeComesFromItsNameUnlessTheVariableGivesIt(@TempDir Path dir) throws IOException {
        assertThat(trustStoreOf(Files.createFile(dir.resolve("ca.jks")), Map.of()).type()).isEqualTo("JKS");
        assertThat(trustStoreOf(Files.createFile(dir.resolve("ca.pem")), Map.of()).type()).isEqualTo("PEM");
        assertThat(trustStoreOf(Files.createFile(dir.resolve("ca.crt")), Map.of()).type()).isEqualTo("PEM");
        var unnamed = Files.createFile(dir.resolve("truststore"));
        assertThat(trustStoreOf(unnamed, Map.of()).type()).isEqualTo("PKCS12");
        assertThat(trustStoreOf(unnamed, Map.of("KAFKA_SSL_TRUSTSTORE_TYPE", "jks")).type()).isEqualTo("JKS");
        assertThat(Endpoints.fromEnvironment(saslSsl(dir.resolve("ca.pem"), Map.of())).kafka().clientProperties())
                .containsEntry("ssl.truststore.type", "PEM").doesNotContainKey("ssl.truststore.password");
    }

    @Test
    void refusesAnUnknownSecurityProtocolOrTrustStoreNamingTheVariable(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> Endpoints.fromEnvironment(with("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("KAFKA_SECURITY_PROTOCOL must be SASL_PLAINTEXT or SASL_SSL, got 'PLAINTEXT'");
        assertThatThrownBy(() -> Endpoints.fromEnvironment(with("KAFKA_SECURITY_PROTOCOL", "SSL")))
                .hasMessageContaining("KAFKA_SECURITY_PROTOCOL must be SASL_PLAINTEXT or SASL_SSL");
        var missing = dir.resolve("missing.p12");
        assertThatThrownBy(() -> trustStoreOf(missing, Map.of("KAFKA_SSL_TRUSTSTORE_PASSWORD", "ts-s3cret")))
                .hasMessage("KAFKA_SSL_TRUSTSTORE_LOCATION names no readable file: " + missing);
        var store = Files.createFile(dir.resolve("truststore.p12"));
        assertThatThrownBy(() -> trustStoreOf(store, Map.of("KAFKA_SSL_TRUSTSTORE_TYPE", "BCFKS")))
                .hasMessage("KAFKA_SSL_TRUSTSTORE_TYPE must be one of PKCS12, JKS or PEM, got 'BCFKS'");
        var pem = Files.createFile(dir.resolve("ca.pem"));
        assertThatThrownBy(() -> trustStoreOf(pem, Map.of("KAFKA_SSL_TRUSTSTORE_PASSWORD", "ts-s3cret")))
                .hasMessage("KAFKA_SSL_TRUSTSTORE_PASSWORD must be empty for a PEM trust store (Kafka refuses one)");
        var trustStore = new Endpoints.TrustStore(store, "PKCS12", "ts-s3cret");
        assertThatThrownBy(() -> new Endpoints.Kafka("127.0.0.1:29092", "admin", "pw",
                Endpoints.SecurityProtocol.SASL_PLAINTEXT, Optional.of(trustStore)))
                .hasMessage("a Kafka trust store needs KAFKA_SECURITY_PROTOCOL=SASL_SSL");
    }

    private static Endpoints.TrustStore trustStoreOf(Path location, Map<String, String> extra) {
        return Endpoints.fromEnvironment(saslSsl(location, extra)).kafka().trustStore().orElseThrow();
    }

    private static Map<String, String> saslSsl(Path truststore, Map<String, String> extra) {
        var env = with("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", truststore.toString());
        env.putAll(extra);
        return env;
    }

    @Test
    void readsTheClickHouseLoginAndHttpsUrls() {
        var env = with("CLICKHOUSE_URL", "https://clickhouse.example:8443");
        env.put("CLICKHOUSE_USER", "debugd");
        env.put("CLICKHOUSE_PASSWORD", "ch-s3cret");
        var clickhouse = Endpoints.fromEnvironment(env).clickhouse();
        assertThat(clickhouse.url()).hasToString("https://clickhouse.example:8443");
        assertThat(clickhouse.user()).isEqualTo("debugd");
        assertThat(clickhouse.password()).isEqualTo("ch-s3cret");
        assertThat(clickhouse).hasToString("https://clickhouse.example:8443 as debugd");
        assertThat(Endpoints.fromEnvironment(env).toString()).doesNotContain("ch-s3cret");
    }

    @Test
    void refusesClickHouseLoginsThatCannotTravelAsHeaders() {
        assertThatThrownBy(() -> Endpoints.fromEnvironment(with("CLICKHOUSE_USER", "")))
                .hasMessageContaining("CLICKHOUSE_USER is empty");
        assertThatThrownBy(() -> Endpoints.fromEnvironment(with("CLICKHOUSE_PASSWORD", "line\nbreak-s3cret")))
                .hasMessage("CLICKHOUSE_PASSWORD may hold only printable ASCII characters (it is sent as an HTTP header)");
        assertThatThrownBy(() -> Endpoints.fromEnvironment(with("CLICKHOUSE_USER", "ünïcødé")))
                .hasMessageContaining("CLICKHOUSE_USER may hold only printable ASCII characters");
    }

    @Test
    void withoutSqsEndpointSqsIsAwssOwn() {
        var env = with("SQS_ENDPOINT", "");
        env.remove("SQS_ENDPOINT");
        assertThat(Endpoints.fromEnvironment(env).sqs()).isEmpty();
        assertThat(Endpoints.fromEnvironment(env).sqsName()).startsWith("AWS SQS");
        assertThat(Endpoints.fromEnvironment(with("SQS_ENDPOINT", " ")).sqs()).isEmpty();
        assertThat(Endpoints.fromEnvironment(STACK).sqsName()).isEqualTo("http://127.0.0.1:29324");
    }

    @Test
    void missingPasswordNamesTheCommandThatSetsIt() {
        assertThatThrownBy(() -> Endpoints.fromEnvironment(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KAFKA_SASL_PASSWORD")
                .hasMessageContaining("bin/stack env");
    }

    @Test
    void rejectsUrlsWithPathsCredentialsOrOtherSchemes() {
        assertThatThrownBy(() -> Endpoints.fromEnvironment(with("CLICKHOUSE_URL", "http://127.0.0.1:28123/db")))
                .hasMessageContaining("CLICKHOUSE_URL must have no path");
        assertThatThrownBy(() -> Endpoints.fromEnvironment(with("CLICKHOUSE_URL", "http://u:p@127.0.0.1:28123")))
                .hasMessageContaining("must not carry credentials");
        assertThatThrownBy(() -> Endpoints.fromEnvironment(with("SQS_ENDPOINT", "ftp://127.0.0.1")))
                .hasMessageContaining("SQS_ENDPOINT must be an http(s)://host:port URL");
        assertThatThrownBy(() -> Endpoints.fromEnvironment(with("PGPORT", "five")))
                .hasMessageContaining("PGPORT must be a number");
        assertThatThrownBy(() -> Endpoints.fromEnvironment(with("PGPORT", "70000")))
                .hasMessageContaining("PGPORT must be a TCP port");
    }

    private static Map<String, String> with(String name, String value) {
        var env = new java.util.HashMap<>(STACK);
        env.put(name, value);
        return env;
    }
}
