package dev.debugd.e2e.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.e2e.stack.Processes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** `bin/debugd signature` as a user runs it: one signature per input line on standard output, whatever the line. */
class SignatureCommandTest {

    @Test
    void oneSignaturePerLineWhateverTheLine() throws Exception {
        var input = new ByteArrayOutputStream();
        var lines = List.of(
                "Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106",
                "",
                "x".repeat(1_000_000),
                "{\"type\": \"java.lang.IllegalStateException\", \"frames\": [{\"module\": \"shop.Cart\", \"function\": \"total\", \"line\": 4}]}",
                "{\"type\": \"java.lang.IllegalStateException\", \"frames\": [{\"module\": \"shop.Cart\", \"function\": \"total\", \"line\": 90}]}",
                "{\"type\": \"unterminated",
                "{\"frames\": 5}",
                "Zürich 東京 ошибка 🚀 failed after 3 retries",
                "Receiving block blk_42 src: /10.0.0.1:1");
        for (var line : lines) {
            input.write(line.getBytes(StandardCharsets.UTF_8));
            input.write('\n');
        }
        var junk = new byte[4096];
        new Random(3).nextBytes(junk);
        for (int i = 0; i < junk.length; i++) {
            if (junk[i] == '\n') { // a stray '\r' stays: it does not end a line
                junk[i] = 0;
            }
        }
        input.write(junk);
        input.write('\n');
        input.write("the last line has no newline".getBytes(StandardCharsets.UTF_8));
        var file = Files.createTempFile("signature", ".in");
        try {
            Files.write(file, input.toByteArray());
            var result = Processes.run(List.of("bin/debugd", "signature"), Map.of(), Duration.ofMinutes(2), file);
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            var out = result.stdout().lines().toList();
            assertThat(out).hasSize(lines.size() + 2);
            assertThat(out).allMatch(signature -> signature.matches("[0-9a-f]{16}"));
            assertThat(out.get(0)).as("the same template").isEqualTo(out.get(8));
            assertThat(out.get(3)).as("the same frame, another line number").isEqualTo(out.get(4));
            assertThat(result.stderr()).contains("line 6 is not a JSON exception record", "line 7 is not a JSON exception record");
        } finally {
            Files.deleteIfExists(file);
        }
        var version = Processes.run(List.of("bin/debugd", "signature", "--version"), Map.of(), Duration.ofMinutes(1));
        assertThat(version.stdout().strip()).matches("\\d+");
        assertThat(Integer.parseInt(version.stdout().strip()) >> 20).as("the function's version").isEqualTo(1);
    }
}
