package dev.debugd.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.timeline.kafka.TimelineTopics;
import org.junit.jupiter.api.Test;

class PlatformAccessTest {

    private static final TimelineTopics TOPICS = new TimelineTopics("debugging.");

    private static String describe(org.apache.kafka.common.acl.AclBinding acl) {
        return acl.pattern().patternType() + ":" + acl.pattern().name() + " " + acl.entry().operation();
    }

    @Test
    void theDetectorReadsConfigurationAndWritesTheTimeline() {
        assertThat(PlatformAccess.acls("debugd-detect", PlatformAccess.Role.DETECT, TOPICS))
                .allSatisfy(acl -> assertThat(acl.entry().principal()).isEqualTo("User:debugd-detect"))
                .extracting(PlatformAccessTest::describe).containsExactlyInAnyOrder(
                        "LITERAL:debugging.internal READ", "LITERAL:debugging.internal DESCRIBE",
                        "LITERAL:debugging.timeline WRITE", "LITERAL:debugging.timeline DESCRIBE");
    }

    @Test
    void theDispatcherReadsTheTenantsOutputsAndWritesEveryTopicButThem() {
        assertThat(PlatformAccess.acls("debugd-dispatch", PlatformAccess.Role.DISPATCH, TOPICS))
                .extracting(PlatformAccessTest::describe).containsExactlyInAnyOrder(
                        "LITERAL:debugging.timeline READ", "LITERAL:debugging.timeline WRITE", "LITERAL:debugging.timeline DESCRIBE",
                        "LITERAL:debugging.internal READ", "LITERAL:debugging.internal WRITE", "LITERAL:debugging.internal DESCRIBE",
                        "LITERAL:debugging.evaluation READ", "LITERAL:debugging.evaluation WRITE",
                        "LITERAL:debugging.evaluation DESCRIBE",
                        "PREFIXED:debugging.outputs. READ", "PREFIXED:debugging.outputs. DESCRIBE");
    }

    @Test
    void theContextBuilderWritesOnlyIntoTheTenantsOutputs() {
        assertThat(PlatformAccess.acls("debugd-context-builder", PlatformAccess.Role.CONTEXT_BUILDER, TOPICS))
                .extracting(PlatformAccessTest::describe).contains("PREFIXED:debugging.outputs. WRITE")
                .noneMatch(line -> line.startsWith("LITERAL") && line.endsWith("WRITE"));
        assertThat(PlatformAccess.user("debugd-kafka-", PlatformAccess.Role.CONTEXT_BUILDER)).isEqualTo("debugd-kafka-context-builder");
    }
}
