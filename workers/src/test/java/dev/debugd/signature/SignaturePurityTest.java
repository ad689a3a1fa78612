package dev.debugd.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * A signature is a function of its one line: every Loghub line signed in file order, in shuffled order and in two
 * separate halves gets the same signature each time, and the signature classes keep no state between lines.
 */
class SignaturePurityTest {

    private static final Path LOGHUB = Path.of("../../shared/data/loghub-2k");

    private static List<String> contents(Path system) throws Exception {
        var name = system.getFileName().toString();
        var lines = new ArrayList<String>();
        try (var rows = new CsvMapper().readerFor(Map.class).with(CsvSchema.emptySchema().withHeader())
                .readValues(system.resolve(name + "_2k.log_structured.csv").toFile())) {
            while (rows.hasNextValue()) {
                lines.add(String.valueOf(((Map<?, ?>) rows.nextValue()).get("Content")));
            }
        }
        return lines;
    }

    private static Map<Integer, String> sign(List<String> lines, List<Integer> order) {
        var signatures = new HashMap<Integer, String>();
        for (int index : order) {
            signatures.put(index, ErrorSignature.ofMessage(lines.get(index)));
        }
        return signatures;
    }

    @Test
    void everyLinesSignatureIsTheSameInAnyOrderAndInHalves() throws Exception {
        assertThat(LOGHUB).as("the Loghub samples in ../shared/data").isDirectory();
        List<Path> systems;
        try (var listing = Files.list(LOGHUB)) {
            systems = listing.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(systems).hasSize(16);
        for (var system : systems) {
            var lines = contents(system);
            var inOrder = new ArrayList<Integer>();
            for (int i = 0; i < lines.size(); i++) {
                inOrder.add(i);
            }
            var once = sign(lines, inOrder);
            var shuffled = new ArrayList<>(inOrder);
            Collections.shuffle(shuffled, new Random(system.hashCode()));
            assertThat(sign(lines, shuffled)).as(system + " shuffled").isEqualTo(once);
            var halves = new HashMap<>(sign(lines, shuffled.subList(lines.size() / 2, lines.size())));
            halves.putAll(sign(lines, shuffled.subList(0, lines.size() / 2)));
            assertThat(halves).as(system + " in halves").isEqualTo(once);
        }
    }

    @Test
    void theSignatureClassesKeepNoStateBetweenLines() {
        for (var type : List.of(ErrorSignature.class, MessageTemplate.class, FrameNoise.class, JavaStackTrace.class)) {
            for (var field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
                    assertThat(Modifier.isFinal(field.getModifiers())).as(type.getSimpleName() + "." + field.getName() + " is final").isTrue();
                    assertThat(field.getType()).as(type.getSimpleName() + "." + field.getName())
                            .isIn(int.class, String.class, java.util.regex.Pattern.class, java.util.Set.class, List.class);
                } else if (!field.isSynthetic()) {
                    throw new AssertionError(type.getSimpleName() + "." + field.getName() + " is an instance field: state");
                }
            }
        }
    }
}
