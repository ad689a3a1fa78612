package dev.debugd.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** Which credentials and region an SQS client uses in which environment; nothing here touches the network. */
class SqsAccessTest {

    private static final Optional<URI> ELASTICMQ = Optional.of(URI.create("http://127.0.0.1:29324"));

    @Test
    void withoutAnEndpointAwsItselfWithTheSdksDefaultChains() {
        var irsa = Map.of("AWS_REGION", "eu-west-1", "AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/debugd",
                "AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/eks.amazonaws.com/serviceaccount/token");
        for (var env : List.of(Map.<String, String>of(), irsa)) {
            var access = SqsAccess.choose(Optional.empty(), env);
            assertThat(access.endpoint()).isEmpty();
            assertThat(access.credentials()).as("%s", env).isInstanceOf(DefaultCredentialsProvider.class);
            assertThat(access.region()).as("%s", env).isInstanceOf(DefaultAwsRegionProviderChain.class);
        }
    }

    @Test
    void aLocalEndpointWithNothingConfiguredSignsWithFixedLocalCredentialsInUsEast1() {
        var access = SqsAccess.choose(ELASTICMQ, Map.of("PATH", "/usr/bin"));
        assertThat(access.endpoint()).isEqualTo(ELASTICMQ);
        assertThat(access.credentials()).isInstanceOf(StaticCredentialsProvider.class);
        var credentials = access.credentials().resolveCredentials();
        assertThat(credentials.accessKeyId()).isEqualTo("local");
        assertThat(credentials.secretAccessKey()).isEqualTo("local");
        assertThat(access.region().getRegion()).isEqualTo(Region.US_EAST_1);
    }

    @Test
    void anEndpointStillTakesTheCredentialsTheEnvironmentNames() {
        for (var source : SqsAccess.CREDENTIAL_SOURCES) {
            var access = SqsAccess.choose(ELASTICMQ, Map.of(source, "given"));
            assertThat(access.credentials()).as(source).isInstanceOf(DefaultCredentialsProvider.class);
            assertThat(access.region().getRegion()).as(source).isEqualTo(Region.US_EAST_1);
        }
        assertThat(SqsAccess.choose(ELASTICMQ, Map.of("AWS_ACCESS_KEY_ID", " ")).credentials())
                .as("a blank variable names nothing").isInstanceOf(StaticCredentialsProvider.class);
    }

    @Test
    void anEndpointStillTakesTheRegionTheEnvironmentGives() {
        var access = SqsAccess.choose(ELASTICMQ, Map.of("AWS_REGION", "eu-central-1"));
        assertThat(access.region().getRegion()).isEqualTo(Region.EU_CENTRAL_1);
        assertThat(access.credentials()).isInstanceOf(StaticCredentialsProvider.class);
    }

    @Test
    void theDefaultChainTakesKeysFromSystemPropertiesBeforeAskingAnyServer() {
        // The chain's first link; had it gone on to instance metadata, this would wait for an address that is not here.
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "example-secret");
        try {
            var credentials = SqsAccess.choose(Optional.empty(), Map.of()).credentials().resolveCredentials();
            assertThat(credentials.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}
