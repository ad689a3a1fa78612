package dev.debugd.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One condition of a resource's status, as Kubernetes resources report them (Ready, Warning …). */
public record Condition(
        @JsonPropertyDescription("The condition's type: Ready, or Warning for a problem that does not stop the resource.")
        String type,
        @JsonPropertyDescription("True, False or Unknown.")
        String status,
        @JsonPropertyDescription("A CamelCase word saying why.")
        String reason,
        @JsonPropertyDescription("What a person should know, in a sentence.")
        String message,
        @JsonPropertyDescription("When the status last changed (RFC 3339).")
        String lastTransitionTime) {}
