package dev.debugd.operator.kafka;

import dev.debugd.config.Endpoints;
import dev.debugd.operator.model.KafkaAccess;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The workloads' Kafka users (SASL/SCRAM-SHA-512) and their ACLs, through the Admin API, as Strimzi's user operator
 * keeps them. A user is never deleted (ARCHITECTURE §9: a deletion can make the broker lose every SCRAM user on
 * restart): it is revoked by removing its ACLs and overwriting its credential with a random one. Passwords are never
 * logged or put in a message.
 */
public final class KafkaUsers implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int ITERATIONS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Admin admin;

    public KafkaUsers(Endpoints.Kafka kafka) {
        this.admin = Admin.create(kafka.clientProperties());
    }

    /** A new random password, for a credential that nobody is to know or one a Secret will hold. */
    public static String randomPassword() {
        var bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether the user has a SCRAM credential. */
    public boolean exists(String user) {
        try {
            var description = await(admin.describeUserScramCredentials(List.of(user)).description(user), "describe " + user);
            return !description.credentialInfos().isEmpty();
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return false;
            }
            throw e;
        }
    }

    /** Creates the user's credential or replaces it. */
    public void setCredential(String user, String password) {
        var upsertion = new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS),
                password);
        await(admin.alterUserScramCredentials(List.of(upsertion)).all(), "set the credential of " + user);
    }

    /** The ACLs whose principal is the user. */
    public Set<AclBinding> acls(String user) {
        var filter = new AclBindingFilter(ResourcePatternFilter.ANY, new AccessControlEntryFilter(KafkaAccess.principal(user),
                null, AclOperation.ANY, AclPermissionType.ANY));
        return new HashSet<>(await(admin.describeAcls(filter).values(), "describe the ACLs of " + user));
    }

    /** Makes the user's ACLs exactly these: the missing ones are created, any other of the user's removed. */
    public void grantExactly(String user, Set<AclBinding> wanted) {
        var actual = acls(user);
        var missing = wanted.stream().filter(acl -> !actual.contains(acl)).toList();
        if (!missing.isEmpty()) {
            await(admin.createAcls(missing).all(), "create the ACLs of " + user);
        }
        var extra = actual.stream().filter(acl -> !wanted.contains(acl)).map(AclBinding::toFilter).toList();
        if (!extra.isEmpty()) {
            await(admin.deleteAcls(extra).all(), "remove extra ACLs of " + user);
        }
    }

    /** Takes every right away from the user and makes its credential one nobody knows; the user stays. */
    public void revoke(String user) {
        var acls = acls(user);
        if (!acls.isEmpty()) {
            await(admin.deleteAcls(acls.stream().map(AclBinding::toFilter).toList()).all(), "remove the ACLs of " + user);
        }
        if (exists(user)) {
            setCredential(user, randomPassword());
        }
    }

    /** The users that have an ACL on the topic (a tenant's workloads, on its outputs topic). */
    public Set<String> usersWithAccessTo(String topic) {
        var filter = new AclBindingFilter(new ResourcePatternFilter(ResourceType.TOPIC, topic, PatternType.LITERAL),
                AccessControlEntryFilter.ANY);
        return await(admin.describeAcls(filter).values(), "describe the ACLs of " + topic).stream()
                .map(acl -> acl.entry().principal())
                .filter(principal -> principal.startsWith("User:"))
                .map(principal -> principal.substring("User:".length()))
                .collect(Collectors.toSet());
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused to " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not " + what + " within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
