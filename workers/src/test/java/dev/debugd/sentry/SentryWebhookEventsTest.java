package dev.debugd.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.evidence.ExceptionEvent.Frame;
import dev.debugd.operator.api.v1alpha1.SentryProject;
import dev.debugd.sentry.SentryWebhookEvents.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sentry's own webhook payloads (../shared/data/fixtures/sentry, as they are), read for an Integration. */
class SentryWebhookEventsTest {

    private static final Path DOCS = Path.of("../../shared/data/fixtures/sentry/webhooks-docs");
    private static final Path MOCKS = Path.of("../../shared/data/fixtures/sentry/integration-platform-example-mocks");
    /** The docs' events are of project 1, "front-end"; the mocks' issue of project 456, "ipe". */
    private static final List<SentryProject> PROJECTS = List.of(new SentryProject("front-end", "web"), new SentryProject("ipe", null));

    private static Outcome read(String resource, Path file) throws Exception {
        return SentryWebhookEvents.read(resource, Files.readAllBytes(file), PROJECTS, issue -> Optional.empty());
    }

    @Test
    void anErrorCreatedIsItsEventsExceptionForTheProjectsService() throws Exception {
        var outcome = (Outcome.Evidence) read("error", DOCS.resolve("error.created.json"));
        assertThat(outcome.batchId()).isEqualTo("sentry-bb78c1407cea4519aa397afc059c793d");
        assertThat(outcome.issueId()).isEqualTo("1170820242");
        var exception = outcome.exception();
        assertThat(exception.service()).isEqualTo("web");
        assertThat(exception.timestamp()).isEqualTo(Instant.parse("2019-08-19T20:58:37.391Z"));
        assertThat(exception.type()).isEqualTo("ReferenceError");
        assertThat(exception.message()).isEqualTo("blooopy is not defined");
        assertThat(exception.frames()).containsExactly(new Frame("runner", "", "/runner", 3, false));
        assertThat(exception.causes()).isEmpty();
        assertThat(exception.deployHash()).isEmpty(); // release null
        assertThat(exception.environment()).isEmpty();
        assertThat(exception.tags()).containsEntry("browser", "Chrome 75.0.3770").containsEntry("handled", "no")
                .containsEntry("url", "https://null.jsbin.com/runner").hasSize(9);
    }

    @Test
    void anAlertsEventListsItsFramesFromTheOneThatThrew() throws Exception {
        var outcome = (Outcome.Evidence) read("event_alert", DOCS.resolve("event_alert.triggered.json"));
        assertThat(outcome.eventId()).isEqualTo("e4874d664c3540c1a32eab185f12c5ab");
        assertThat(outcome.exception().message()).isEqualTo("heck is not defined");
        assertThat(outcome.exception().frames()).hasSize(3);
        assertThat(outcome.exception().frames().get(0)).isEqualTo(new Frame("<anonymous>", "", "<anonymous>", 3, false));
    }

    @Test
    void aJavaChainKeepsItsTypesWithTheirPackagesTheOutermostFirst() throws Exception {
        // Sentry's grouping input is an event; wrapped here in an error.created delivery as Sentry sends one, with the
        // project the docs' events have.
        var event = Files.readString(Path.of("../../shared/data/fixtures/sentry-grouping/inputs/java-chained.json"));
        var body = "{\"action\":\"created\",\"data\":{\"error\":" + event.strip().replaceFirst("^\\{", "{\"project\":1,"
                + "\"url\":\"https://sentry.io/api/0/projects/test-org/front-end/events/0c958c4b7c5f447eb54b4656198d8d5a/\","
                + "\"datetime\":\"2026-12-06T10:00:00Z\",") + "}}";
        var exception = ((Outcome.Evidence) SentryWebhookEvents.read("error", body.getBytes(), PROJECTS, issue -> Optional.empty()))
                .exception();
        assertThat(exception.type()).isEqualTo("org.apache.catalina.LifecycleException");
        assertThat(exception.message()).startsWith("Failed to start component [Connector[HTT");
        assertThat(exception.frames()).hasSize(14);
        assertThat(exception.causes()).extracting("type").containsExactly("org.apache.catalina.LifecycleException",
                "java.net.BindException");
        assertThat(exception.causes().get(1).frames()).hasSize(23);
        assertThat(exception.environment()).isEqualTo("production");
    }

    @Test
    void anIssueCreatedLinksTheIssueToItsProjectAndAnEventWithoutAProjectIsFoundThroughIt() throws Exception {
        assertThat(read("issue", MOCKS.resolve("issue.created.json")))
                .isEqualTo(new Outcome.IssueLink("123", "IPE-1", "Error #1: This is a test error!", "ipe", "ipe"));
        assertThat(read("issue", DOCS.resolve("issue.created.json")))
                .isEqualTo(new Outcome.IssueLink("1170820242", "FRONT-END-9", "ReferenceError: blooopy is not defined", "front-end", "web"));
        var mock = Files.readAllBytes(MOCKS.resolve("event_alert.triggered.json"));
        assertThat(SentryWebhookEvents.read("event_alert", mock, PROJECTS, issue -> Optional.empty()))
                .isEqualTo(new Outcome.Refused(422, "event def456 names no project, and no issue.created linked its issue 123 to one"));
        var linked = (Outcome.Evidence) SentryWebhookEvents.read("event_alert", mock, PROJECTS,
                issue -> issue.equals("123") ? Optional.of("ipe") : Optional.empty());
        assertThat(linked.exception().service()).isEqualTo("ipe");
        assertThat(linked.exception().type()).isEqualTo("Another Error #1"); // from the metadata: the mock has no exception
        assertThat(linked.exception().message()).isEqualTo("This is a test error!");
        assertThat(linked.exception().environment()).isEqualTo("production");
    }

    @Test
    void anotherProjectsEventOrIssueIsRefused() throws Exception {
        var backEndOnly = List.of(new SentryProject("back-end", null));
        assertThat(SentryWebhookEvents.read("error", Files.readAllBytes(DOCS.resolve("error.created.json")), backEndOnly,
                issue -> Optional.empty())).isEqualTo(new Outcome.Refused(403,
                        "event bb78c1407cea4519aa397afc059c793d is of project [1, front-end], which this Integration does not list"));
        assertThat(SentryWebhookEvents.read("issue", Files.readAllBytes(MOCKS.resolve("issue.created.json")), backEndOnly,
                issue -> Optional.empty())).isEqualTo(new Outcome.Refused(403, "issue 123 is of project 'ipe', which this Integration does not list"));
    }

    @Test
    void whatIsNotEvidenceIsIgnoredAndWhatIsNotSentrysIsRefused() throws Exception {
        assertThat(read("metric_alert", DOCS.resolve("metric_alert.resolved.json")))
                .isEqualTo(new Outcome.Ignored("a metric_alert.resolved delivery is not evidence"));
        assertThat(read("installation", MOCKS.resolve("installation.created.json")))
                .isEqualTo(new Outcome.Ignored("a installation.created delivery is not evidence"));
        assertThat(SentryWebhookEvents.read("error", "{\"action\":".getBytes(), PROJECTS, issue -> Optional.empty()))
                .isEqualTo(new Outcome.Refused(400, "the body is not JSON"));
        assertThat(SentryWebhookEvents.read("error", "[1]".getBytes(), PROJECTS, issue -> Optional.empty()))
                .isEqualTo(new Outcome.Refused(400, "a Sentry delivery has an object with its data"));
        assertThat(SentryWebhookEvents.read("error", "{\"action\":\"created\",\"data\":{\"error\":{\"event_id\":\"a b\"}}}".getBytes(),
                PROJECTS, issue -> Optional.empty())).isEqualTo(new Outcome.Refused(400, "the event's event_id is missing or not an id"));
        assertThat(SentryWebhookEvents.read("error", ("{\"action\":\"created\",\"data\":{\"error\":{\"event_id\":\"e1\",\"project\":1,"
                + "\"datetime\":\"2026-12-06T10:00:00Z\"}}}").getBytes(), List.of(new SentryProject("1", null)), issue -> Optional.empty()))
                .isEqualTo(new Outcome.Refused(422, "event e1 carries no exception (no exception.values, no metadata.type)"));
    }

    @Test
    void anIssuesLatestEventReadsInTheWebhooksShapeAndInTheRestApisShape() throws Exception {
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        var event = json.readTree(Files.readAllBytes(DOCS.resolve("error.created.json"))).get("data").get("error");
        var asWebhooks = (Outcome.Evidence) SentryWebhookEvents.latestEvent(json.writeValueAsBytes(event), "web");
        assertThat(asWebhooks.eventId()).isEqualTo("bb78c1407cea4519aa397afc059c793d");
        assertThat(asWebhooks.issueId()).isEqualTo("1170820242");
        assertThat(asWebhooks.exception().service()).isEqualTo("web");
        assertThat(asWebhooks.exception().type()).isEqualTo("ReferenceError");
        assertThat(asWebhooks.exception().message()).isEqualTo("blooopy is not defined");

        // The same event as the REST API writes events (its docs' field names): eventID, groupID, dateCreated, the exception
        // under entries, tags as {key, value}. Rearranged here by hand from the webhook's event.
        var rest = json.createObjectNode();
        rest.put("eventID", event.get("event_id").asString());
        rest.put("groupID", "1170820242");
        rest.put("dateCreated", event.get("datetime").asString());
        rest.putArray("entries").addObject().put("type", "exception").set("data", event.get("exception"));
        rest.putArray("tags").addObject().put("key", "environment").put("value", "prod");
        var asRest = (Outcome.Evidence) SentryWebhookEvents.latestEvent(json.writeValueAsBytes(rest), "web");
        assertThat(asRest.eventId()).isEqualTo(asWebhooks.eventId());
        assertThat(asRest.issueId()).isEqualTo("1170820242");
        assertThat(asRest.exception().timestamp()).isEqualTo(asWebhooks.exception().timestamp());
        assertThat(asRest.exception().type()).isEqualTo(asWebhooks.exception().type());
        assertThat(asRest.exception().frames()).isEqualTo(asWebhooks.exception().frames());
        assertThat(asRest.exception().tags()).containsEntry("environment", "prod");

        assertThat(SentryWebhookEvents.latestEvent("<html>".getBytes(), "web"))
                .isEqualTo(new Outcome.Refused(502, "Sentry's answer is not JSON"));
        assertThat(SentryWebhookEvents.latestEvent("{\"title\": \"x\"}".getBytes(), "web"))
                .isEqualTo(new Outcome.Refused(502, "Sentry's event has no event id"));
    }
}
