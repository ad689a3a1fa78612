package dev.debugd.sentry;

import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.ExceptionEvent.Cause;
import dev.debugd.evidence.ExceptionEvent.Frame;
import dev.debugd.operator.api.v1alpha1.SentryProject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a Sentry webhook delivery (its signature already checked) comes to for one tenant's Integration. Evidence comes
 * only from events ({@code error.created}, {@code event_alert.triggered}): the event's exception with its frames, causes,
 * tags, release (as the deploy hash) and environment, for the service its project is mapped to, keyed by the event's id
 * so that the same event delivered by two hooks, or twice, is one batch. An {@code issue.created} only links the issue
 * to its project (events of Sentry's simplest shape name their issue and no project). An event of a project the
 * Integration does not list is refused; everything else is acknowledged and ignored. Pure.
 */
public final class SentryWebhookEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** An event id: Sentry's are 32 hex digits; the example integration's mocks use short ones. */
    private static final Pattern EVENT_ID = Pattern.compile("^[A-Za-z0-9-]{1,64}$");
    /** The project's slug in an event's API URL: .../api/0/projects/{organization}/{project}/events/{id}/. */
    private static final Pattern PROJECT_IN_URL = Pattern.compile("/projects/[^/]+/([^/]+)/events/");
    private static final int MAX_TAGS = 100;

    /** What a delivery comes to. */
    public sealed interface Outcome {
        /** An event's exception, to store as the batch {@code batchId}. */
        record Evidence(String batchId, String eventId, String issueId, ExceptionEvent exception) implements Outcome {}

        /** A new issue: which project its events belong to. */
        record IssueLink(String issueId, String shortId, String title, String project, String service) implements Outcome {}

        /** Acknowledged, and nothing to store. */
        record Ignored(String why) implements Outcome {}

        /** Refused: 400 for a body that is not Sentry's, 403 for another project's, 422 for an event without what evidence needs. */
        record Refused(int status, String reason) implements Outcome {}
    }

    private SentryWebhookEvents() {}

    /**
     * @param resource     the {@code Sentry-Hook-Resource} header
     * @param projects     the Integration's projects
     * @param issueProject the project an earlier {@code issue.created} linked an issue to, by the issue's id
     */
    public static Outcome read(String resource, byte[] body, List<SentryProject> projects, Function<String, Optional<String>> issueProject) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return new Outcome.Refused(400, "the body is not JSON");
        }
        if (!root.isObject() || !root.path("data").isObject()) {
            return new Outcome.Refused(400, "a Sentry delivery has an object with its data");
        }
        var action = root.path("action").asString("");
        var hook = resource + "." + action;
        switch (hook) {
            case "error.created":
                return event(root.path("data").path("error"), projects, issueProject);
            case "event_alert.triggered":
                return event(root.path("data").path("event"), projects, issueProject);
            case "issue.created":
                return issue(root.path("data").path("issue"), projects);
            default:
                return new Outcome.Ignored("a " + hook + " delivery is not evidence");
        }
    }

    private static Outcome issue(JsonNode issue, List<SentryProject> projects) {
        var id = text(issue.path("id"));
        if (!issue.isObject() || id.isEmpty()) {
            return new Outcome.Refused(400, "an issue.created delivery without its issue's id");
        }
        var project = issue.path("project");
        var mapped = mapped(projects, List.of(text(project.path("id")), text(project.path("slug"))));
        if (mapped.isEmpty()) {
            return new Outcome.Refused(403, "issue " + id + " is of project '" + text(project.path("slug")) + "', which this"
                    + " Integration does not list");
        }
        return new Outcome.IssueLink(id, text(issue.path("shortId")), text(issue.path("title")), mapped.get().project(),
                mapped.get().serviceName());
    }

    private static Outcome event(JsonNode event, List<SentryProject> projects, Function<String, Optional<String>> issueProject) {
        if (!event.isObject()) {
            return new Outcome.Refused(400, "a delivery without its event");
        }
        var eventId = text(event.path("event_id"));
        if (!EVENT_ID.matcher(eventId).matches()) {
            return new Outcome.Refused(400, "the event's event_id is missing or not an id");
        }
        var issueId = text(event.path("issue_id"));
        var named = new ArrayList<String>();
        named.add(text(event.path("project")));
        var url = PROJECT_IN_URL.matcher(text(event.path("url")));
        named.add(url.find() ? url.group(1) : "");
        if (named.stream().allMatch(String::isEmpty) && !issueId.isEmpty()) {
            issueProject.apply(issueId).ifPresent(named::add);
        }
        if (named.stream().allMatch(String::isEmpty)) {
            return new Outcome.Refused(422, "event " + eventId + " names no project, and no issue.created linked its issue"
                    + (issueId.isEmpty() ? "" : " " + issueId) + " to one");
        }
        var mapped = mapped(projects, named);
        if (mapped.isEmpty()) {
            return new Outcome.Refused(403, "event " + eventId + " is of project " + named.stream().filter(n -> !n.isEmpty()).toList()
                    + ", which this Integration does not list");
        }
        return exception(event, eventId, issueId, mapped.get().serviceName());
    }

    /**
     * An issue's latest event as Sentry's REST API gives it ({@code GET /api/0/issues/{id}/events/latest/}: the same
     * event, its exception under {@code entries}, its id as {@code eventID}), or as a webhook carries it, read into the
     * exception of {@code service}.
     */
    public static Outcome latestEvent(byte[] body, String service) {
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (JacksonException e) {
            return new Outcome.Refused(502, "Sentry's answer is not JSON");
        }
        if (!event.isObject()) {
            return new Outcome.Refused(502, "Sentry's answer is not an event");
        }
        var eventId = text(event.path("event_id"));
        eventId = eventId.isEmpty() ? text(event.path("eventID")) : eventId;
        if (!EVENT_ID.matcher(eventId).matches()) {
            return new Outcome.Refused(502, "Sentry's event has no event id");
        }
        var issueId = text(event.path("issue_id"));
        return exception(event, eventId, issueId.isEmpty() ? text(event.path("groupID")) : issueId, service);
    }

    private static Outcome exception(JsonNode event, String eventId, String issueId, String service) {
        var time = time(event);
        if (time.isEmpty()) {
            return new Outcome.Refused(422, "event " + eventId + " has no datetime or timestamp");
        }
        var values = new ArrayList<JsonNode>();
        event.path("exception").path("values").forEach(values::add);
        for (var entry : event.path("entries")) { // the REST API's shape
            if (values.isEmpty() && text(entry.path("type")).equals("exception")) {
                entry.path("data").path("values").forEach(values::add);
            }
        }
        String type;
        String message;
        List<Frame> frames;
        var causes = new ArrayList<Cause>();
        if (!values.isEmpty()) {
            // Sentry lists a chain from the root cause to the exception that was raised last; we keep the last first.
            var outermost = values.get(values.size() - 1);
            type = type(outermost);
            message = text(outermost.path("value"));
            frames = frames(outermost);
            for (int i = values.size() - 2; i >= 0; i--) {
                causes.add(new Cause(type(values.get(i)), text(values.get(i).path("value")), frames(values.get(i))));
            }
        } else {
            // An alert's event in its shortest shape: the issue's metadata names the exception, without frames.
            type = text(event.path("metadata").path("type"));
            message = text(event.path("metadata").path("value"));
            frames = List.of();
        }
        if (type.isEmpty()) {
            return new Outcome.Refused(422, "event " + eventId + " carries no exception (no exception.values, no metadata.type)");
        }
        var tags = tags(event.path("tags"));
        var exception = new ExceptionEvent(time.get(), service, tags.getOrDefault("transaction", ""),
                text(event.path("release")), tags.getOrDefault("request_id", ""),
                text(event.path("contexts").path("trace").path("trace_id")), type, message, frames, causes,
                text(event.path("environment")), tags);
        return new Outcome.Evidence("sentry-" + eventId, eventId, issueId, exception);
    }

    private static Optional<SentryProject> mapped(List<SentryProject> projects, List<String> named) {
        return projects.stream().filter(p -> named.contains(p.project())).findFirst();
    }

    private static Optional<Instant> time(JsonNode event) {
        var datetime = text(event.path("datetime"));
        datetime = datetime.isEmpty() ? text(event.path("dateCreated")) : datetime;
        if (!datetime.isEmpty()) {
            try {
                return Optional.of(Instant.parse(datetime));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        var timestamp = event.path("timestamp");
        if (timestamp.isNumber()) {
            var seconds = timestamp.decimalValue();
            return Optional.of(Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue()));
        }
        return Optional.empty();
    }

    /** An exception's type with its module when Sentry gives one apart (Java's package): java.net.BindException. */
    private static String type(JsonNode exception) {
        var module = text(exception.path("module"));
        return module.isEmpty() ? text(exception.path("type")) : module + "." + text(exception.path("type"));
    }

    /**
     * The frames of one exception, the one that threw first (Sentry lists them from the outermost call); a frame without
     * a module (JavaScript's) is known by its file.
     */
    private static List<Frame> frames(JsonNode exception) {
        var frames = new ArrayList<Frame>();
        for (var frame : exception.path("stacktrace").path("frames")) {
            var file = text(frame.path("filename"));
            var module = text(frame.path("module"));
            frames.add(0, new Frame(module.isEmpty() ? file : module, text(frame.path("function")), file.isEmpty()
                    ? text(frame.path("abs_path")) : file, frame.path("lineno").asInt(0), frame.path("in_app").asBoolean(false)));
        }
        return frames;
    }

    /** The event's tags, by name (Sentry sends them as [name, value] pairs, {key, value} objects, or an object), the first 100. */
    private static Map<String, String> tags(JsonNode tags) {
        var byName = new TreeMap<String, String>();
        if (tags.isArray()) {
            for (var pair : tags) {
                if (pair.isArray() && pair.size() == 2 && byName.size() < MAX_TAGS) {
                    byName.putIfAbsent(text(pair.get(0)), text(pair.get(1)));
                } else if (pair.isObject() && byName.size() < MAX_TAGS) { // the REST API's {"key": …, "value": …}
                    byName.putIfAbsent(text(pair.path("key")), text(pair.path("value")));
                }
            }
        } else if (tags.isObject()) {
            for (var entry : tags.properties()) {
                if (byName.size() < MAX_TAGS) {
                    byName.put(entry.getKey(), text(entry.getValue()));
                }
            }
        }
        byName.remove("");
        return byName;
    }

    /** A string or number field as text; empty when absent or null. */
    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || node.isArray() || node.isObject() ? "" : node.asString("");
    }
}
