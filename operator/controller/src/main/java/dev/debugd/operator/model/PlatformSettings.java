package dev.debugd.operator.model;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * What the workloads the operator makes need to know about the installation: the one worker image, where Kafka, SQS
 * and the API are, and the prefixes of topics and queues (tests use their own).
 *
 * @param sqsEndpoint absent on AWS, where the SDK finds the endpoint from the region
 * @param apiUrl the API as the tenants' providers reach it (webhook URLs in Integration status)
 * @param taskApiUrl the API as the workloads reach it inside the cluster, for their tasks' input
 */
public record PlatformSettings(String workerImage, String kafkaBootstrapServers, String topicPrefix, String queuePrefix,
        Optional<URI> sqsEndpoint, String awsRegion, URI apiUrl, URI taskApiUrl) {

    public PlatformSettings {
        Objects.requireNonNull(workerImage, "workerImage");
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(queuePrefix, "queuePrefix");
        Objects.requireNonNull(sqsEndpoint, "sqsEndpoint");
        Objects.requireNonNull(awsRegion, "awsRegion");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(taskApiUrl, "taskApiUrl");
    }
}
