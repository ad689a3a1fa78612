package dev.debugd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
    void speaksSaslSslWithATruststoreOfPemCertificatesWhenTold() {
        assertThat(Endpoints.fromEnvironment(STACK).kafka().clientProperties())
                .containsEntry("security.protocol", "SASL_PLAINTEXT").doesNotContainKey("ssl.truststore.location");
        var env = with("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/debugd/kafka-truststore/ca.crt");
        assertThat(Endpoints.fromEnvironment(env).kafka().clientProperties())
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", "/etc/debugd/kafka-truststore/ca.crt");
        assertThatThrownBy(() -> Endpoints.fromEnvironment(with("KAFKA_SECURITY_PROTOCOL", "SSL")))
                .hasMessage("KAFKA_SECURITY_PROTOCOL must be SASL_PLAINTEXT or SASL_SSL, got 'SSL'");
        assertThatThrownBy(() -> Endpoints.fromEnvironment(with("KAFKA_SSL_TRUSTSTORE_LOCATION", "/ca.crt")))
                .hasMessage("KAFKA_SSL_TRUSTSTORE_LOCATION is for KAFKA_SECURITY_PROTOCOL=SASL_SSL only");
    }

    @Test
    void neverShowsThePassword() {
        var endpoints = Endpoints.fromEnvironment(STACK);
        assertThat(endpoints.toString()).doesNotContain("s3cr");
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
