package dev.debugd.standins.github;

import java.net.URI;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * One delivery of a webhook by the GitHub stand-in, as GitHub's "Recent Deliveries" lists it.
 *
 * @param id         the {@code X-GitHub-Delivery}; a redelivery has its original's
 * @param event      the {@code X-GitHub-Event}, e.g. {@code pull_request}
 * @param action     the payload's {@code action}, e.g. {@code closed}
 * @param body       the JSON body, sent as UTF-8 and signed as those bytes
 * @param redelivery whether it re-sent an earlier delivery
 * @param status     the receiver's HTTP status; empty when it could not be reached or did not answer in time
 */
public record WebhookDelivery(UUID id, String event, String action, String body, boolean redelivery, URI url,
        OptionalInt status) {}
