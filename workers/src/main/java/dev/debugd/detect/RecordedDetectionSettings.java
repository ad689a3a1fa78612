package dev.debugd.detect;

import dev.debugd.detect.rules.DetectionSettings;
import dev.debugd.timeline.kafka.RecordedConfiguration;
import java.time.Instant;
import java.util.function.Function;

/** The detector's thresholds from the configuration facts in Kafka, never from live files (ARCHITECTURE §6). */
public final class RecordedDetectionSettings implements IncidentDetector.RecordedSettings {

    private final RecordedConfiguration configuration;

    public RecordedDetectionSettings(RecordedConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public void catchUp() {
        configuration.catchUp();
    }

    @Override
    public Function<Instant, DetectionSettings> of(String tenant) {
        return DetectionSettings.asRecorded(configuration.history(tenant));
    }
}
