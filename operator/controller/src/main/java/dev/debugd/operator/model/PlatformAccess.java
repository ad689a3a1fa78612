package dev.debugd.operator.model;

import dev.debugd.timeline.Topic;
import dev.debugd.timeline.kafka.TimelineTopics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What each shared pipeline role may do in Kafka (ARCHITECTURE §1): read the shared topics it decides with, write
 * only the topics of the facts it records (EventType's topic of each), and nothing on the cluster: no topic creation,
 * no users, no ACLs, no consumer groups (every reader assigns its partitions). Pure.
 */
public final class PlatformAccess {

    /** A shared role, with the topics it reads and writes. */
    public enum Role {
        /** The API: manual incidents, webhooks' merges and deploys; reads configuration and the task API's records. */
        SERVE(List.of(Topic.TIMELINE, Topic.INTERNAL, Topic.EVALUATION), List.of(Topic.TIMELINE, Topic.EVALUATION), false, false),
        /** The projector: reads the whole history; records what it refuses. */
        PROJECT(List.of(Topic.TIMELINE, Topic.INTERNAL, Topic.EVALUATION), List.of(Topic.INTERNAL), false, false),
        /** The detector: reads configuration, records incidents. */
        DETECT(List.of(Topic.INTERNAL), List.of(Topic.TIMELINE), false, false),
        /** The dispatcher: reads everything and the tenants' outputs, records tasks and admits outputs to every topic. */
        DISPATCH(List.of(Topic.TIMELINE, Topic.INTERNAL, Topic.EVALUATION), List.of(Topic.TIMELINE, Topic.INTERNAL, Topic.EVALUATION),
                true, false),
        /** The resolver: reads everything, records deploys, due evaluations, resolutions and reopenings. */
        RESOLVE(List.of(Topic.TIMELINE, Topic.INTERNAL, Topic.EVALUATION), List.of(Topic.TIMELINE, Topic.EVALUATION), false, false),
        /** The context builder: reads its triggers and configuration, writes contexts into the tenants' outputs topics. */
        CONTEXT_BUILDER(List.of(Topic.TIMELINE, Topic.INTERNAL, Topic.EVALUATION), List.of(), false, true);

        private final List<Topic> reads;
        private final List<Topic> writes;
        private final boolean readsOutputs;
        private final boolean writesOutputs;

        Role(List<Topic> reads, List<Topic> writes, boolean readsOutputs, boolean writesOutputs) {
            this.reads = reads;
            this.writes = writes;
            this.readsOutputs = readsOutputs;
            this.writesOutputs = writesOutputs;
        }

        /** Its name in a user's name and in the chart: serve, project, …, context-builder. */
        public String value() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private PlatformAccess() {}

    /** The role's Kafka user: one per installation (its name starts with the release's) and role. */
    public static String user(String namePrefix, Role role) {
        return namePrefix + role.value();
    }

    public static Set<AclBinding> acls(String user, Role role, TimelineTopics topics) {
        var principal = KafkaAccess.principal(user);
        var acls = new HashSet<AclBinding>();
        var operations = new ArrayList<AclOperation>();
        for (var topic : Topic.values()) {
            operations.clear();
            if (role.reads.contains(topic)) {
                operations.add(AclOperation.READ);
            }
            if (role.writes.contains(topic)) {
                operations.add(AclOperation.WRITE);
            }
            if (!operations.isEmpty()) {
                operations.add(AclOperation.DESCRIBE);
                var pattern = new ResourcePattern(ResourceType.TOPIC, topics.name(topic), PatternType.LITERAL);
                operations.forEach(operation -> acls.add(allow(pattern, principal, operation)));
            }
        }
        if (role.readsOutputs || role.writesOutputs) {
            var outputs = new ResourcePattern(ResourceType.TOPIC, topics.outputsPrefix(), PatternType.PREFIXED);
            acls.add(allow(outputs, principal, role.readsOutputs ? AclOperation.READ : AclOperation.WRITE));
            acls.add(allow(outputs, principal, AclOperation.DESCRIBE));
        }
        return acls;
    }

    private static AclBinding allow(ResourcePattern pattern, String principal, AclOperation operation) {
        return new AclBinding(pattern, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
