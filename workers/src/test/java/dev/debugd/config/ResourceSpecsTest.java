package dev.debugd.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.detect.rules.DetectionSettings;
import dev.debugd.dispatch.rules.TenantConfig;
import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Recorded specs read as the custom resource types, and the defaults the CRDs declare are the ones the components apply. */
class ResourceSpecsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aRecordedSpecWithAFieldOfALaterVersionStillReads() {
        var spec = ResourceSpecs.integration(JSON.readTree(
                "{\"tenant\": \"acme\", \"type\": \"github\", \"repository\": \"acme/shop\", \"mergeQueue\": true}"));
        assertThat(spec).get().extracting(IntegrationSpec::repository).isEqualTo("acme/shop");
    }

    @Test
    void aRecordedSpecOfAnotherShapeReadsAsNothing() {
        assertThat(ResourceSpecs.tenant(JSON.readTree("{\"confidenceThreshold\": \"high\"}"))).isEmpty();
        assertThat(ResourceSpecs.tenant(JSON.readTree("[1, 2]"))).isEmpty();
        assertThat(ResourceSpecs.tenant(null)).isEmpty();
    }

    @Test
    void theTenantCrdsDefaultsAreTheDefaultsTheDetectorAndDispatcherApply() throws IOException {
        JsonNode crd;
        try (var in = getClass().getResourceAsStream("/META-INF/fabric8/tenants.debugd.dev-v1.yml")) {
            crd = YAMLMapper.builder().build().readTree(in);
        }
        var spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties");
        var detection = spec.at("/detection/properties");
        var d = DetectionSettings.DEFAULTS;
        assertThat(detection.at("/noveltyMinOccurrences/default").asInt()).isEqualTo(d.noveltyMinOccurrences());
        assertThat(detection.at("/noveltyHorizonBuckets/default").asInt()).isEqualTo(d.noveltyHorizonBuckets());
        assertThat(detection.at("/spikeFactor/default").asDouble()).isEqualTo(d.spikeFactor());
        assertThat(detection.at("/spikeMinCount/default").asLong()).isEqualTo(d.spikeMinCount());
        assertThat(detection.at("/baselineBuckets/default").asInt()).isEqualTo(d.baselineBuckets());
        assertThat(detection.at("/errorRateThreshold/default").asDouble()).isEqualTo(d.errorRateThreshold());
        assertThat(detection.at("/errorRateMinRequests/default").asLong()).isEqualTo(d.errorRateMinRequests());
        assertThat(detection.at("/errorRateMinErrors/default").asLong()).isEqualTo(d.errorRateMinErrors());
        assertThat(detection.at("/errorRateFactor/default").asDouble()).isEqualTo(d.errorRateFactor());
        assertThat(detection.at("/gapBuckets/default").asInt()).isEqualTo(d.gapBuckets());
        assertThat(spec.at("/confidenceThreshold/default").asDouble()).isEqualTo(TenantConfig.DEFAULT_CONFIDENCE_THRESHOLD);
    }
}
