package dev.debugd.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * One part of every tenant's spec (thresholds, grouping) from the Tenant manifests of a directory, for the roles
 * that read manifests themselves. Kept current: {@link #refresh} reads the directory again when a manifest file
 * was added, removed or changed, so an edit applies without a restart, as the dispatcher's manifest loader picks
 * edits up. A manifest that cannot be read is reported and left out. A tenant missing from a read that met such a
 * manifest keeps what it had (its manifest may be the one being edited); a tenant without settings yet has the
 * defaults.
 */
public final class TenantSpecs<T> implements Function<String, T> {

    private final Path directory;
    private final Function<JsonNode, T> read;
    private final T defaults;
    private final Consumer<String> problems;
    private volatile Map<String, T> current = Map.of();
    /** Each manifest file's name, size and modification time as last read. */
    private List<String> readFiles = List.of();

    /**
     * Reads the directory once; no directory: every tenant has the defaults.
     *
     * @param problems told of every manifest left out, at each read
     */
    public TenantSpecs(Path directory, Function<JsonNode, T> read, T defaults, Consumer<String> problems) throws IOException {
        this.directory = directory;
        this.read = read;
        this.defaults = defaults;
        this.problems = problems;
        refresh();
    }

    /** The tenant's setting, or the defaults for a tenant without a manifest. */
    @Override
    public T apply(String tenant) {
        return current.getOrDefault(tenant, defaults);
    }

    /** How many tenants have a manifest. */
    public int tenants() {
        return current.size();
    }

    /** Reads the manifests again if any file changed since the last read; whether it did. */
    public synchronized boolean refresh() throws IOException {
        if (directory == null) {
            return false;
        }
        var files = files();
        if (files.equals(readFiles)) {
            return false;
        }
        var result = new ManifestReader().read(directory);
        result.problems().forEach(problems);
        var settings = new HashMap<String, T>();
        for (var manifest : result.manifests()) {
            if (manifest.kind().equals("Tenant")) {
                settings.put(manifest.name(), read.apply(manifest.spec()));
            }
        }
        if (!result.problems().isEmpty()) {
            current.forEach(settings::putIfAbsent);
        }
        current = Map.copyOf(settings);
        readFiles = files;
        return true;
    }

    /**
     * Refreshes on a thread of its own every {@code every} until closed; {@code changed} is told the number of tenants
     * after each read that found a change, {@code failed} of a directory that cannot be read (the settings stay).
     */
    public AutoCloseable watch(Duration every, Consumer<Integer> changed, Consumer<String> failed) {
        var scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "manifest-watch");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                if (refresh()) {
                    changed.accept(tenants());
                }
            } catch (IOException | RuntimeException e) { // a failure must not end the watch: the next check tries again
                failed.accept(e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return scheduler::shutdownNow;
    }

    private List<String> files() throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("manifest directory " + directory + " does not exist");
        }
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().map(p -> {
                try {
                    return p.getFileName() + " " + Files.size(p) + " " + Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
