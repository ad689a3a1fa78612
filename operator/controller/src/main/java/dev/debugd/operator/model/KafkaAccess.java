package dev.debugd.operator.model;

import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What a tenant workload may do in Kafka (ARCHITECTURE §1): write its tenant's outputs topic (WRITE, and DESCRIBE for
 * the producer's metadata; an idempotent producer needs nothing more) and nothing else, read nothing. Pure.
 */
public final class KafkaAccess {

    private KafkaAccess() {}

    public static String principal(String kafkaUser) {
        return "User:" + kafkaUser;
    }

    public static Set<AclBinding> workload(String kafkaUser, String outputsTopic) {
        var topic = new ResourcePattern(ResourceType.TOPIC, outputsTopic, PatternType.LITERAL);
        return Set.of(
                new AclBinding(topic, new AccessControlEntry(principal(kafkaUser), "*", AclOperation.WRITE, AclPermissionType.ALLOW)),
                new AclBinding(topic, new AccessControlEntry(principal(kafkaUser), "*", AclOperation.DESCRIBE,
                        AclPermissionType.ALLOW)));
    }
}
