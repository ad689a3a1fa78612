package dev.debugd.e2e.stack;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real program (a script or a client nobody here wrote) and captures what it says. */
public final class Processes {

    public record Result(int exitCode, String stdout, String stderr) {
        public String all() {
            return stdout + stderr;
        }
    }

    private Processes() {}

    public static Result run(List<String> command, Map<String, String> extraEnv, Duration timeout) {
        return run(command, extraEnv, timeout, Path.of("/dev/null"));
    }

    /** Runs the command with this file as its standard input. */
    public static Result run(List<String> command, Map<String, String> extraEnv, Duration timeout, Path input) {
        try {
            var out = Files.createTempFile("proc", ".out");
            var err = Files.createTempFile("proc", ".err");
            try {
                var builder = new ProcessBuilder(command).directory(LocalStack.root().toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(input.toFile()));
                builder.environment().putAll(extraEnv);
                var process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    fail(command + " did not finish within " + timeout + "; it said:\n" + Files.readString(out)
                            + Files.readString(err));
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return fail("cannot run " + command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while running " + command);
        }
    }
}
