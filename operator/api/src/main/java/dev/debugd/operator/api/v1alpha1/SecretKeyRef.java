package dev.debugd.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A key of a Secret in the resource's namespace: where a credential is, never the credential itself. */
public record SecretKeyRef(
        @Required @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
        @JsonPropertyDescription("The Secret's name, in the resource's namespace.")
        String name,
        @Required @Pattern("^[-._a-zA-Z0-9]{1,253}$")
        @JsonPropertyDescription("The key in the Secret's data.")
        String key) {}
