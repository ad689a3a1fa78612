package dev.debugd.workqueue;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An SQS client: AWS's own SQS without an endpoint, or the SQS-compatible server at one (ElasticMQ locally), signing
 * as {@link SqsAccess} chooses.
 */
public final class SqsClients {

    private SqsClients() {}

    public static SqsClient create(Optional<URI> endpoint) {
        var access = SqsAccess.choose(endpoint, System.getenv());
        var builder = SqsClient.builder()
                .region(region(access))
                .credentialsProvider(access.credentials())
                // Long polls wait up to 20 s; the socket must outlast them.
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).maxConnections(16));
        access.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static Region region(SqsAccess access) {
        try {
            return access.region().getRegion();
        } catch (SdkClientException e) {
            throw new IllegalStateException("SQS: no AWS region found; set AWS_REGION (or a profile's region), or SQS_ENDPOINT"
                    + " for a local SQS such as ElasticMQ. " + e.getMessage(), e);
        }
    }
}
