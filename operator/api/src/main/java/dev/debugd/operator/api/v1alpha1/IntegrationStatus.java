package dev.debugd.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What the operator last made of an Integration: its conditions, where its provider sends webhooks, its Kafka user. */
public record IntegrationStatus(
        @JsonPropertyDescription("The metadata.generation the conditions describe.")
        Long observedGeneration,
        @JsonPropertyDescription("Ready, and Warning when something needs a person's attention.")
        List<Condition> conditions,
        @JsonPropertyDescription("The URL to give the provider for its webhooks (GitHub: the repository's webhook settings).")
        String webhookUrl,
        @JsonPropertyDescription("The integration worker's Kafka user: it may write its tenant's outputs topic and nothing"
                + " else.")
        String kafkaUser) {}
