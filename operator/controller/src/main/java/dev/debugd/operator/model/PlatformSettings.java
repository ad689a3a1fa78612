package dev.debugd.operator.model;

import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
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
 * @param kafkaSecurityProtocol how the workloads reach Kafka: as the operator does (SASL_PLAINTEXT or SASL_SSL)
 * @param kafkaTrustStore over SASL_SSL, the Secret key holding the brokers' CA certificate (a PEM file), which must exist
 *     in every namespace with workloads; empty: the JVM's default trust store
 */
public record PlatformSettings(String workerImage, String kafkaBootstrapServers, String topicPrefix, String queuePrefix,
        Optional<URI> sqsEndpoint, String awsRegion, URI apiUrl, URI taskApiUrl, String kafkaSecurityProtocol,
        Optional<SecretKeyRef> kafkaTrustStore) {

    /** Over SASL_PLAINTEXT, as the local stack's brokers listen. */
    public PlatformSettings(String workerImage, String kafkaBootstrapServers, String topicPrefix, String queuePrefix,
            Optional<URI> sqsEndpoint, String awsRegion, URI apiUrl, URI taskApiUrl) {
        this(workerImage, kafkaBootstrapServers, topicPrefix, queuePrefix, sqsEndpoint, awsRegion, apiUrl, taskApiUrl,
                "SASL_PLAINTEXT", Optional.empty());
    }

    public PlatformSettings {
        Objects.requireNonNull(workerImage, "workerImage");
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(queuePrefix, "queuePrefix");
        Objects.requireNonNull(sqsEndpoint, "sqsEndpoint");
        Objects.requireNonNull(awsRegion, "awsRegion");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(taskApiUrl, "taskApiUrl");
        if (!kafkaSecurityProtocol.equals("SASL_PLAINTEXT") && !kafkaSecurityProtocol.equals("SASL_SSL")) {
            throw new IllegalArgumentException("the workloads' Kafka security protocol must be SASL_PLAINTEXT or SASL_SSL, got '"
                    + kafkaSecurityProtocol + "'");
        }
        if (kafkaTrustStore.isPresent() && !kafkaSecurityProtocol.equals("SASL_SSL")) {
            throw new IllegalArgumentException("a Kafka trust store for the workloads needs SASL_SSL");
        }
    }
}
