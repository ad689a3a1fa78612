package dev.debugd.context.snapshot;

import dev.debugd.operator.api.v1alpha1.TenantSpec;
import java.util.Optional;

/**
 * A tenant's suppression rules as recorded (Tenant {@code spec.suppression}): an incident of a listed signature or
 * service is recorded as suppressed instead of investigated. Pure.
 */
public final class SuppressionRules {

    /** Which rule matched, and why, for IncidentSuppressed. */
    public record Match(String rule, String reason) {}

    private SuppressionRules() {}

    public static Optional<Match> match(TenantSpec.Suppression rules, String service, String signature) {
        if (rules == null) {
            return Optional.empty();
        }
        if (rules.signatures() != null && rules.signatures().contains(signature)) {
            return Optional.of(new Match("signature", "signature " + signature + " is suppressed by the tenant's rules"));
        }
        if (rules.services() != null && rules.services().contains(service)) {
            return Optional.of(new Match("service", "service " + service + " is suppressed by the tenant's rules"));
        }
        return Optional.empty();
    }
}
