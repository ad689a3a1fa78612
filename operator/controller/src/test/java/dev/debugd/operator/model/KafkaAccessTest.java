package dev.debugd.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KafkaAccessTest {

    @Test
    void aWorkloadMayWriteAndDescribeItsTenantsOutputsTopicAndNothingElse() {
        assertThat(KafkaAccess.workload("acme.agent.acme-rca", "debugging.outputs.acme"))
                .extracting(acl -> acl.entry().principal() + " " + acl.entry().operation() + " " + acl.entry().permissionType()
                        + " " + acl.pattern().resourceType() + ":" + acl.pattern().patternType() + ":" + acl.pattern().name()
                        + " from " + acl.entry().host())
                .containsExactlyInAnyOrder(
                        "User:acme.agent.acme-rca WRITE ALLOW TOPIC:LITERAL:debugging.outputs.acme from *",
                        "User:acme.agent.acme-rca DESCRIBE ALLOW TOPIC:LITERAL:debugging.outputs.acme from *");
    }
}
