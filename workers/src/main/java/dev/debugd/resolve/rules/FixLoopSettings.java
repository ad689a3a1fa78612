package dev.debugd.resolve.rules;

import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import dev.debugd.operator.api.v1alpha1.TenantSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * A tenant's fix-loop settings as recorded at a merge (Tenant {@code spec.fixLoop}, its Integration's production
 * environment), with their defaults, and the evidence's allowed lateness: a bucket is final once that has passed
 * after its end.
 *
 * @param deployWait            how long after the merge a deploy of it is looked for; without one by then, the
 *                              observation window starts at the merge
 * @param observationWindow     the first window the evidence is watched for after the deploy (later ones double it)
 * @param maxCycles             investigation cycles before an incident that keeps failing needs a human
 * @param productionEnvironment the deployment environment that counts
 */
public record FixLoopSettings(Duration deployWait, Duration observationWindow, int maxCycles, Duration lateness,
        String productionEnvironment) {

    public static final Duration DEFAULT_DEPLOY_WAIT = Duration.ofMinutes(30);
    public static final Duration DEFAULT_OBSERVATION_WINDOW = Duration.ofHours(1);
    public static final int DEFAULT_MAX_CYCLES = 3;
    public static final String DEFAULT_PRODUCTION_ENVIRONMENT = "production";

    public FixLoopSettings {
        if (deployWait.isNegative() || observationWindow.isZero() || observationWindow.isNegative() || maxCycles < 1 || lateness.isNegative()) {
            throw new IllegalArgumentException("fix-loop settings out of range: wait " + deployWait + ", window "
                    + observationWindow + ", max cycles " + maxCycles + ", lateness " + lateness);
        }
    }

    /** The settings a tenant's recorded specs say (either may be absent), with the defaults for what they leave out. */
    public static FixLoopSettings of(Optional<TenantSpec> tenant, Optional<IntegrationSpec> github, Duration lateness) {
        var loop = tenant.map(TenantSpec::fixLoop);
        return new FixLoopSettings(
                loop.map(TenantSpec.FixLoop::deployWait).map(FixLoopSettings::duration).orElse(DEFAULT_DEPLOY_WAIT),
                loop.map(TenantSpec.FixLoop::observationWindow).map(FixLoopSettings::duration).orElse(DEFAULT_OBSERVATION_WINDOW),
                loop.map(TenantSpec.FixLoop::maxCycles).orElse(DEFAULT_MAX_CYCLES),
                lateness,
                github.map(IntegrationSpec::productionEnvironment).orElse(DEFAULT_PRODUCTION_ENVIRONMENT));
    }

    /** "30s", "15m", "2h": the CRD's pattern has checked the form. */
    static Duration duration(String text) {
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("not a duration such as 30s, 15m or 2h: " + text);
        };
    }
}
