package dev.debugd.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A Sentry project whose events a sentry Integration takes as evidence, and the service they are evidence of. */
public record SentryProject(
        @Required @Pattern("^[A-Za-z0-9_.-]{1,100}$")
        @JsonPropertyDescription("The project's slug or numeric id, as Sentry names it in its events.")
        String project,
        @Pattern("^[A-Za-z0-9_.-]{1,100}$")
        @JsonPropertyDescription("The service its events are evidence of (default: the project as written here).")
        String service) {

    /** The service its evidence is stored under. */
    public String serviceName() {
        return service == null ? project : service;
    }
}
