package dev.debugd.manifests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** The Tenant manifests of a directory, for roles that read one part of each tenant's spec (thresholds, grouping). */
public final class TenantSpecs {

    private TenantSpecs() {}

    /**
     * Each tenant's setting read from its spec by {@code read}; manifests that cannot be read are reported to
     * {@code problems} and left out. No directory: no tenant has settings of its own.
     */
    public static <T> Map<String, T> read(Path directory, Function<JsonNode, T> read, Consumer<String> problems) throws IOException {
        var settings = new HashMap<String, T>();
        if (directory == null) {
            return settings;
        }
        var result = new ManifestReader().read(directory);
        result.problems().forEach(problems);
        for (var manifest : result.manifests()) {
            if (manifest.kind().equals("Tenant")) {
                settings.put(manifest.name(), read.apply(manifest.spec()));
            }
        }
        return settings;
    }
}
