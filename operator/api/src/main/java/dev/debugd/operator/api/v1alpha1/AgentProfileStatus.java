package dev.debugd.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What the operator last made of an AgentProfile: its conditions, the version it activated and the agent's Kafka user. */
public record AgentProfileStatus(
        @JsonPropertyDescription("The metadata.generation the conditions describe.")
        Long observedGeneration,
        @JsonPropertyDescription("Ready, and Warning when something needs a person's attention.")
        List<Condition> conditions,
        @JsonPropertyDescription("The version recorded as active (AgentVersionActivated) and rolled out.")
        String activeVersion,
        @JsonPropertyDescription("The agent's Kafka user: it may write its tenant's outputs topic and nothing else.")
        String kafkaUser) {}
