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

    /**
     * Starts a long-running command (a role) in the background, its output (both streams) into {@code log}; the caller
     * stops it.
     */
    public static Process start(List<String> command, Map<String, String> extraEnv, Path log) {
        try {
            var builder = new ProcessBuilder(command).directory(LocalStack.root().toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(extraEnv);
            return builder.start();
        } catch (IOException e) {
            return fail("cannot start " + command + ": " + e.getMessage());
        }
    }

    /** Stops a process started by {@link #start} (SIGTERM, then SIGKILL after 20 s); returns its exit code. */
    public static int stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    /** Runs the command with this file as its standard input. */
    public static Result run(List<String> command, Map<String, String> extraEnv, Duration timeout, Path input) {
        return run(LocalStack.root(), command, extraEnv, timeout, input);
    }

    /** Runs the command in this directory. */
    public static Result runIn(Path directory, List<String> command, Map<String, String> extraEnv, Duration timeout) {
        return run(directory, command, extraEnv, timeout, Path.of("/dev/null"));
    }

    private static Result run(Path directory, List<String> command, Map<String, String> extraEnv, Duration timeout, Path input) {
        try {
            var out = Files.createTempFile("proc", ".out");
            var err = Files.createTempFile("proc", ".err");
            try {
                var builder = new ProcessBuilder(command).directory(directory.toFile())
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
