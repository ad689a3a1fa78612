package dev.debugd.manifests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the manifests of the local mode: every `.yaml`/`.yml` file of a directory, several documents per file
 * allowed. A bad document is reported with its file and position and left out; the others still count.
 */
public final class ManifestReader {

    /**
     * The manifests that could be read, and one line per problem.
     *
     * @param complete whether every document was read: when one was left out, a resource that seems gone may be in it
     */
    public record Result(List<Manifest> manifests, List<String> problems, boolean complete) {}

    private final YAMLMapper yaml = YAMLMapper.builder().build();

    public Result read(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("manifest directory " + directory + " does not exist");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        }
        var read = new ArrayList<Read>();
        var problems = new ArrayList<String>();
        for (var file : files) {
            parse(file.getFileName().toString(), Files.readString(file), read, problems);
        }
        return check(read, problems);
    }

    /** A manifest and where it was read ("tenants.yaml (document 2)"). */
    record Read(String where, Manifest manifest) {}

    /** Leaves out second definitions and manifests that break a {@link ResourceRules rule}, naming where they were. */
    static Result check(List<Read> read, List<String> problems) {
        boolean everyDocumentRead = problems.isEmpty();
        var seen = new HashSet<String>();
        var unique = new ArrayList<Read>();
        for (var one : read) {
            if (seen.add(one.manifest().resource())) {
                unique.add(one);
            } else {
                problems.add(one.where() + ": " + one.manifest().resource() + " is defined more than once; the first"
                        + " definition counts");
            }
        }
        var refusals = ResourceRules.refusals(unique.stream().map(Read::manifest).toList(), everyDocumentRead);
        refusals.forEach((index, refusal) -> problems.add(unique.get(index).where() + ": " + refusal));
        var manifests = new ArrayList<Manifest>();
        for (int i = 0; i < unique.size(); i++) {
            if (!refusals.containsKey(i)) {
                manifests.add(unique.get(i).manifest());
            }
        }
        return new Result(manifests, List.copyOf(problems), problems.isEmpty());
    }

    /** Parses one file's text; pure apart from the lists it fills. */
    void parse(String fileName, String text, List<Read> manifests, List<String> problems) {
        int document = 1;
        try (var values = yaml.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
            for (; values.hasNextValue(); document++) {
                JsonNode node = values.nextValue();
                if (node == null || node.isNull() || node.isMissingNode()) {
                    continue; // an empty document between two '---'
                }
                try {
                    manifests.add(new Read(fileName + " (document " + document + ")", Manifest.of(node, fileName)));
                } catch (IllegalArgumentException e) {
                    problems.add(fileName + " (document " + document + "): " + e.getMessage());
                }
            }
        } catch (JacksonException e) {
            var location = e.getLocation();
            problems.add(fileName + " (document " + document + "): not YAML at line " + location.getLineNr() + ", column "
                    + location.getColumnNr() + ": " + summary(e.getOriginalMessage()));
        }
    }

    /** SnakeYAML's message without its source excerpts and positions, on one line. */
    private static String summary(String message) {
        return message.lines().filter(line -> !line.isBlank() && !line.startsWith(" ") && !line.startsWith("\t"))
                .reduce((a, b) -> a + "; " + b).orElse(message);
    }
}
