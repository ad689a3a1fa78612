package dev.debugd.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What the operator last made of a resource: the generation it saw, and its conditions. */
public record ResourceStatus(
        @JsonPropertyDescription("The metadata.generation the conditions describe.")
        Long observedGeneration,
        @JsonPropertyDescription("Ready, and Warning when something needs a person's attention.")
        List<Condition> conditions) {}
