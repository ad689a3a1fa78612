package dev.debugd.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.debugd.detect.rules.DetectionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A role's per-tenant settings from manifests, kept current as the files change. */
class TenantSpecsTest {

    private static String tenant(String name, double errorRateThreshold) {
        return """
                apiVersion: debugd.dev/v1alpha1
                kind: Tenant
                metadata:
                  name: %s
                spec:
                  detection:
                    errorRateThreshold: %s
                """.formatted(name, errorRateThreshold);
    }

    private static TenantSpecs<DetectionSettings> thresholds(Path directory, List<String> problems) throws IOException {
        return new TenantSpecs<>(directory, spec -> DetectionSettings.of(spec.get("detection")), DetectionSettings.DEFAULTS,
                problems::add);
    }

    @Test
    void anEditedAddedOrRemovedManifestAppliesAtTheNextRefresh(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("acme.yaml"), tenant("acme", 0.5));
        var problems = new ArrayList<String>();
        var specs = thresholds(directory, problems);
        assertThat(specs.apply("acme").errorRateThreshold()).isEqualTo(0.5);
        assertThat(specs.apply("globex")).isEqualTo(DetectionSettings.DEFAULTS);
        assertThat(specs.refresh()).as("nothing changed").isFalse();

        Files.writeString(directory.resolve("acme.yaml"), tenant("acme", 0.25));
        Files.writeString(directory.resolve("globex.yml"), tenant("globex", 0.125));
        assertThat(specs.refresh()).isTrue();
        assertThat(specs.apply("acme").errorRateThreshold()).isEqualTo(0.25);
        assertThat(specs.apply("globex").errorRateThreshold()).isEqualTo(0.125);
        assertThat(specs.tenants()).isEqualTo(2);

        Files.delete(directory.resolve("globex.yml"));
        Files.writeString(directory.resolve("notes.txt"), "not a manifest");
        assertThat(specs.refresh()).isTrue();
        assertThat(specs.apply("globex")).isEqualTo(DetectionSettings.DEFAULTS);
        assertThat(problems).isEmpty();
    }

    @Test
    void aManifestMadeInvalidIsReportedAndItsTenantKeepsWhatItHad(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("acme.yaml"), tenant("acme", 0.5));
        Files.writeString(directory.resolve("globex.yaml"), tenant("globex", 9));
        var problems = new ArrayList<String>();
        var specs = thresholds(directory, problems);
        assertThat(problems).singleElement().asString().contains("globex.yaml").contains("errorRateThreshold");
        assertThat(specs.apply("globex")).as("never valid: the defaults").isEqualTo(DetectionSettings.DEFAULTS);

        Files.writeString(directory.resolve("acme.yaml"), tenant("acme", 7));
        assertThat(specs.refresh()).isTrue();
        assertThat(problems).hasSize(3);
        assertThat(problems.subList(1, 3)).anySatisfy(p -> assertThat(p).contains("acme.yaml").contains("errorRateThreshold"));
        assertThat(specs.apply("acme").errorRateThreshold()).isEqualTo(0.5);
    }

    @Test
    void anEditThatKeepsTheFileSizeIsSeenByItsTime(@TempDir Path directory) throws IOException {
        var file = directory.resolve("acme.yaml");
        Files.writeString(file, tenant("acme", 0.5));
        var specs = thresholds(directory, new ArrayList<>());
        Files.writeString(file, tenant("acme", 0.7));
        Files.setLastModifiedTime(file, FileTime.from(Files.getLastModifiedTime(file).toInstant().plusSeconds(1)));
        assertThat(specs.refresh()).isTrue();
        assertThat(specs.apply("acme").errorRateThreshold()).isEqualTo(0.7);
    }

    @Test
    void withoutADirectoryEveryTenantHasTheDefaults() throws IOException {
        var specs = thresholds(null, new ArrayList<>());
        assertThat(specs.apply("acme")).isEqualTo(DetectionSettings.DEFAULTS);
        assertThat(specs.refresh()).isFalse();
    }

    @Test
    void aWatchPicksAnEditUpOnItsOwn(@TempDir Path directory) throws Exception {
        Files.writeString(directory.resolve("acme.yaml"), tenant("acme", 0.5));
        var specs = thresholds(directory, new ArrayList<>());
        var changes = new CopyOnWriteArrayList<Integer>();
        try (var watch = specs.watch(Duration.ofMillis(50), changes::add, problem -> { })) {
            Files.writeString(directory.resolve("acme.yaml"), tenant("acme", 0.75));
            await().atMost(Duration.ofSeconds(10)).until(() -> specs.apply("acme").errorRateThreshold() == 0.75);
            assertThat(changes).containsExactly(1);
        }
    }
}
