package dev.debugd.timeline;

import static dev.debugd.timeline.Fields.text;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Idempotency keys (design §8, made precise in ARCHITECTURE §3) and the event ids derived from them: a retried
 * write yields the same key, so the same id, so readers see one fact.
 */
public final class IdempotencyKey {

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+-]{1,64}");

    /**
     * One digest per thread (a digest resets itself after each hash): looking MD5 up among the security providers costs
     * more than hashing a key, and cloning one per id made a fifth of what decoding an event allocates.
     */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java runtime has MD5
        }
    });

    private IdempotencyKey() {}

    /**
     * `event_id` = name-based UUID of (event type, key): {@link UUID#nameUUIDFromBytes} of
     * {@code type + "\n" + key}, computed with a digest kept per thread (every reader checks every record's id).
     */
    public static UUID eventId(String eventType, String idempotencyKey) {
        byte[] hash = MD5.get().digest((eventType + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x30); // version 3: name-based, MD5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // the IETF variant
        var buffer = ByteBuffer.wrap(hash);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /**
     * The key of a task's output: the output type separates fan-out from one trigger, the trigger type two
     * routes to one output, the version the producer's version, the cycle the investigation cycle.
     */
    public static String task(String tenantId, String incidentId, EventType output, EventType trigger,
            String agentVersion, int cycle) {
        if (!VERSION.matcher(text(agentVersion, "agent_version")).matches()) {
            throw new IllegalArgumentException("agent_version '" + agentVersion + "' does not match " + VERSION);
        }
        return String.join("/", tenantId, incidentId, output.wireName(), trigger.wireName(), agentVersion,
                "cycle-" + cycle);
    }

    /** The detector's IncidentDetected: the episode identifies it, so re-running detection finds the same fact. */
    public static String episode(String tenantId, String episodeId) {
        return String.join("/", tenantId, "episode", text(episodeId, "episode_id"));
    }

    /** A webhook's fact: the provider's delivery id. */
    public static String delivery(String tenantId, String provider, String deliveryId) {
        return String.join("/", tenantId, "delivery", text(provider, "provider"), text(deliveryId, "delivery_id"));
    }

    /**
     * A merge of a pull request of ours: the incident's cycle and the pull request, so the webhook delivered twice, a
     * second hook and the poller that finds the merge all name one fact.
     */
    public static String merge(String tenantId, String incidentId, int cycle, String repository, int pullRequest) {
        return String.join("/", tenantId, incidentId, "merge", text(repository, "repository"), "pr-" + pullRequest,
                "cycle-" + cycle);
    }

    /** The resolver's FixDeployed: the cycle and the merge it deployed. */
    public static String deployed(String tenantId, String incidentId, int cycle, String mergeCommitSha) {
        return String.join("/", tenantId, incidentId, "deployed", "cycle-" + cycle, text(mergeCommitSha, "merge_commit_sha"));
    }

    /** The resolver's EvaluationDue: the cycle and which of its windows. */
    public static String evaluationDue(String tenantId, String incidentId, int cycle, int window) {
        return String.join("/", tenantId, incidentId, "evaluation-due", "cycle-" + cycle, "window-" + window);
    }

    /** The resolver's IncidentResolved after a passed evaluation: one per cycle. */
    public static String resolved(String tenantId, String incidentId, int cycle) {
        return String.join("/", tenantId, incidentId, "resolved", "cycle-" + cycle);
    }

    /**
     * The resolver's InvestigationReopened, by the cycle it reopens: deciding it twice makes one. (A person's reopen has
     * a key of its own, {@link #personReopened}, so it is never taken for the machine's.)
     */
    public static String reopened(String tenantId, String incidentId, int fromCycle) {
        return String.join("/", tenantId, incidentId, "reopened", "from-cycle-" + fromCycle);
    }

    /** A successful deployment: the code host's deployment id, so a redelivered status is one fact. */
    public static String deployment(String tenantId, String repository, long deployment) {
        return String.join("/", tenantId, "deployment", text(repository, "repository"), String.valueOf(deployment));
    }

    /** A pull request of ours closed without a merge, or an instrumentation pull request merged. */
    public static String closed(String tenantId, String incidentId, int cycle, String repository, int pullRequest) {
        return String.join("/", tenantId, incidentId, "closed", text(repository, "repository"), "pr-" + pullRequest,
                "cycle-" + cycle);
    }

    /** A human's fact: the client's request id, so a retried request records one fact. */
    public static String clientRequest(String tenantId, String requestId) {
        return String.join("/", tenantId, "request", text(requestId, "request_id"));
    }

    /** A person's resolution or suppression of an incident: their request, so a retried request records one fact. */
    public static String personRequest(String tenantId, String incidentId, String action, String requestId) {
        return String.join("/", tenantId, incidentId, "person", text(action, "action"), "request", text(requestId, "request_id"));
    }

    /** A person's InvestigationReopened, by the cycle it reopens: two clicks open one next cycle. */
    public static String personReopened(String tenantId, String incidentId, int fromCycle) {
        return String.join("/", tenantId, incidentId, "reopened", "from-cycle-" + fromCycle, "by-person");
    }

    /**
     * A configuration fact: the resource, its uid and its generation. The uid tells a deleted and re-created resource
     * (whose generation starts at 1 again) from the one before it.
     */
    public static String configuration(String tenantId, String kind, String name, String uid, long generation) {
        return String.join("/", tenantId, "config", text(kind, "kind"), text(name, "name"), "uid-" + text(uid, "uid"),
                "generation-" + generation);
    }

    /** A trigger the dispatcher could not decide yet (e.g. its tenant is not configured): one fact per trigger. */
    public static String dispatchFailure(String tenantId, UUID triggerEventId) {
        return String.join("/", tenantId, "dispatch-failed", triggerEventId.toString());
    }

    /** A human's retry of an abandoned task is a new attempt: a task of its own, with its own output. */
    public static String retryAttempt(String taskKey, int attempt) {
        return taskKey + "/attempt-" + attempt;
    }

    /** An EventRejected for a work-queue message: the queue and SQS's message id. */
    public static String rejectedMessage(String queue, String messageId) {
        return String.join("/", "rejected", "queue", text(queue, "queue"), text(messageId, "message_id"));
    }

    /** A task whose messages were dead-lettered past the receive budget: one TaskAbandoned per task key. */
    public static String abandoned(String taskKey) {
        return text(taskKey, "task_key") + "/abandoned";
    }

    /** An EventRejected: the rejected record's position, so meeting it again (a replay) adds nothing new. */
    public static String rejection(String topic, int partition, long offset) {
        return String.join("/", "rejected", topic, String.valueOf(partition), String.valueOf(offset));
    }
}
