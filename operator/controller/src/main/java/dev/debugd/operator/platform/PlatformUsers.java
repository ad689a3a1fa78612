package dev.debugd.operator.platform;

import dev.debugd.operator.kafka.KafkaUsers;
import dev.debugd.operator.kafka.SecretCredentials;
import dev.debugd.operator.model.PlatformAccess;
import dev.debugd.operator.model.WorkloadObjects;
import dev.debugd.timeline.kafka.TimelineTopics;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared roles' own Kafka users (ARCHITECTURE §1: each platform role with its own principal), made by the operator
 * for the chart: per role a Secret {@code <prefix><role>} with its user's name and password in the operator's
 * namespace, which the role's Deployment reads, and the user with exactly {@link PlatformAccess}'s ACLs. The password
 * is made once; a Secret deleted by hand is made again with a new one, which the user then takes.
 */
public final class PlatformUsers {

    private final KubernetesClient client;
    private final KafkaUsers users;
    private final TimelineTopics topics;

    /** Where and how the users are made: their Secrets' namespace, and the prefix of users' and Secrets' names. */
    public record Settings(String namespace, String namePrefix, List<PlatformAccess.Role> roles) {}

    public PlatformUsers(KubernetesClient client, KafkaUsers users, TimelineTopics topics) {
        this.client = client;
        this.users = users;
        this.topics = topics;
    }

    /** Makes or brings up to date each role's Secret, user and ACLs; what each role's user is. */
    public Map<PlatformAccess.Role, String> ensure(Settings settings) {
        var made = new HashMap<PlatformAccess.Role, String>();
        for (var role : settings.roles()) {
            var user = PlatformAccess.user(settings.namePrefix(), role);
            var name = settings.namePrefix() + role.value();
            var secrets = client.secrets().inNamespace(settings.namespace());
            var secret = secrets.withName(name).get();
            if (secret == null) {
                secret = secrets.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(settings.namespace())
                        .addToLabels(WorkloadObjects.MANAGED_BY, WorkloadObjects.OPERATOR)
                        .addToLabels(WorkloadObjects.COMPONENT, "platform-" + role.value()).endMetadata()
                        .withType("Opaque")
                        .addToData(WorkloadObjects.USERNAME_KEY, base64(user))
                        .addToData(WorkloadObjects.PASSWORD_KEY, base64(KafkaUsers.randomPassword()))
                        .build()).create();
            }
            SecretCredentials.apply(client, secret, users, user);
            users.grantExactly(user, PlatformAccess.acls(user, role, topics));
            made.put(role, user);
        }
        return made;
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
