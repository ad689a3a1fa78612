package dev.debugd.operator.workload;

import java.util.Set;
import org.apache.kafka.common.acl.AclBinding;

/** A workload's Kafka user with the ACLs it was granted. */
record KafkaUserGrant(String user, Set<AclBinding> acls) {}
