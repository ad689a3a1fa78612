package dev.debugd.workqueue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * How an SQS client signs its requests and for which region, chosen from the endpoint and the environment before
 * any network call.
 *
 * <p>Without an endpoint the client talks to AWS itself: credentials and region come from the AWS SDK's default
 * chains (system properties, environment, IRSA's web identity token, profiles, the container's or the instance's
 * metadata). With an endpoint (ElasticMQ locally, which accepts any signature) nothing needs configuring, yet what
 * the environment gives wins: the default credentials chain when the environment names a source of credentials,
 * {@code AWS_REGION} when set. Otherwise fixed local ones, because the default chains would end by asking an
 * instance-metadata address that a developer's machine does not have, and wait for it.
 */
record SqsAccess(Optional<URI> endpoint, AwsCredentialsProvider credentials, AwsRegionProvider region) {

    /** Variables that name where credentials come from; with one of them set the SDK's chain finds its credentials. */
    static final List<String> CREDENTIAL_SOURCES = List.of("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI");

    static final Region LOCAL_REGION = Region.US_EAST_1;

    static SqsAccess choose(Optional<URI> endpoint, Map<String, String> env) {
        if (endpoint.isEmpty()) {
            return new SqsAccess(endpoint, DefaultCredentialsProvider.builder().build(), new DefaultAwsRegionProviderChain());
        }
        var credentials = CREDENTIAL_SOURCES.stream().anyMatch(name -> given(env, name))
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        var region = given(env, "AWS_REGION") ? Region.of(env.get("AWS_REGION").strip()) : LOCAL_REGION;
        return new SqsAccess(endpoint, credentials, () -> region);
    }

    private static boolean given(Map<String, String> env, String name) {
        var value = env.get(name);
        return value != null && !value.isBlank();
    }
}
