package dev.debugd.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonValue;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A Tenant's settings. Every field is optional: absent ones take their defaults. */
public record TenantSpec(
        @Min(0) @Max(1) @Default("0.7")
        @JsonPropertyDescription("Root causes at or above this confidence get a fix; below it, instrumentation.")
        Double confidenceThreshold,
        @JsonPropertyDescription("The Incident Detector's thresholds, in buckets and counts.")
        Detection detection,
        @JsonPropertyDescription("How error signatures group this tenant's errors.")
        Grouping grouping,
        @JsonPropertyDescription("Incidents not worth an investigation. Planned: used once the context builder evaluates"
                + " suppression rules.")
        Suppression suppression,
        @JsonPropertyDescription("How a fix is judged after it is merged (the resolver reads it as recorded at the merge).")
        FixLoop fixLoop,
        @Default("Retain")
        @JsonPropertyDescription("What deleting the Tenant does to its work queues, its outputs topic and the Kafka users of"
                + " its agents and integrations: Retain keeps them (the default); Delete removes the queues and the topic,"
                + " removes the users' ACLs and overwrites their credentials (users are never deleted).")
        DeletionPolicy deletionPolicy) {

    /** What deleting a Tenant does to what was provisioned for it. */
    public enum DeletionPolicy {
        RETAIN("Retain"), DELETE("Delete");

        private final String value;

        DeletionPolicy(String value) {
            this.value = value;
        }

        /** The name manifests use. */
        @JsonValue
        public String value() {
            return value;
        }
    }

    /** A duration as people write it: 30s, 15m, 2h. */
    static final String DURATION = "^[0-9]{1,6}(s|m|h)$";

    /** The Incident Detector's thresholds; absent fields keep their defaults. */
    public record Detection(
            @Min(1) @Max(1_000_000) @Default("3")
            @JsonPropertyDescription("A signature first seen in a new deploy is an incident once it occurred this often.")
            Integer noveltyMinOccurrences,
            @Min(1) @Max(1_000_000) @Default("60")
            @JsonPropertyDescription("… within this many buckets of its first sighting; later it is no longer new.")
            Integer noveltyHorizonBuckets,
            @Min(1) @Max(1_000_000) @Default("3.0")
            @JsonPropertyDescription("A known signature spikes when a bucket holds this many times its trailing mean.")
            Double spikeFactor,
            @Min(1) @Max(1_000_000) @Default("10")
            @JsonPropertyDescription("… and at least this many occurrences, so that rare errors in quiet services do not flap.")
            Long spikeMinCount,
            @Min(1) @Max(1_000_000) @Default("10")
            @JsonPropertyDescription("The trailing buckets a bucket is compared with.")
            Integer baselineBuckets,
            @Min(value = 0, inclusive = false) @Max(1) @Default("0.05")
            @JsonPropertyDescription("A service breaches when this share of a bucket's requests fail (5xx).")
            Double errorRateThreshold,
            @Min(1) @Max(1_000_000) @Default("20")
            @JsonPropertyDescription("… in a bucket with at least this many requests, after a baseline with as many.")
            Long errorRateMinRequests,
            @Min(1) @Max(1_000_000) @Default("5")
            @JsonPropertyDescription("… and at least this many failed requests.")
            Long errorRateMinErrors,
            @Min(1) @Max(1_000_000) @Default("2.0")
            @JsonPropertyDescription("… and at least this many times the baseline's failure share.")
            Double errorRateFactor,
            @Min(0) @Max(1_000_000) @Default("2")
            @JsonPropertyDescription("Quiet buckets an episode may contain and still be one incident.")
            Integer gapBuckets) {}

    /** Which frames are the tenant's own code. */
    public record Grouping(
            @Size(max = 50)
            @JsonPropertyDescription("Module or package prefixes of the tenant's own code (e.g. shop., github.com/acme/);"
                    + " by default every frame but runtimes' and well-known libraries' is the tenant's.")
            List<@Size(min = 1, max = 200) String> inAppPrefixes) {}

    /** Incidents that are recorded as suppressed instead of investigated. Planned. */
    public record Suppression(
            @Size(max = 200)
            @JsonPropertyDescription("Error signatures never investigated. Planned.")
            List<String> signatures,
            @Size(max = 200)
            @JsonPropertyDescription("Services whose incidents are never investigated. Planned.")
            List<String> services,
            @Pattern(DURATION)
            @JsonPropertyDescription("Errors within this long after a deploy that stop by themselves are benign transients"
                    + " (e.g. 2m). Planned.")
            String deployTransient) {}

    /** After a fix is merged: when to judge it, and how often to try again. */
    public record FixLoop(
            @Pattern(DURATION) @Default("30m")
            @JsonPropertyDescription("How long to wait for the merged fix to be deployed before the observation window"
                    + " starts at the merge.")
            String deployWait,
            @Pattern(DURATION) @Default("1h")
            @JsonPropertyDescription("How long after the deploy the evidence is watched before the fix is judged; while"
                    + " too few requests were seen, the window is doubled, twice.")
            String observationWindow,
            @Min(1) @Max(10) @Default("3")
            @JsonPropertyDescription("Investigation cycles before an incident that keeps failing needs a human.")
            Integer maxCycles) {}
}
