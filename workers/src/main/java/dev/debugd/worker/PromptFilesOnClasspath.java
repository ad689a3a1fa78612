package dev.debugd.worker;

import dev.debugd.agents.ModelPrompt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The versioned prompt files shipped with the workers: {@code prompts/AGENT/VERSION/} (system.txt, user.txt, answer.schema.json). */
public final class PromptFilesOnClasspath {

    private PromptFilesOnClasspath() {}

    /** The files of one agent's prompt version; empty when the version does not exist. */
    public static Optional<ModelPrompt.PromptFiles> load(String agent, String version) {
        if (!agent.matches("[a-z]+") || !version.matches("[A-Za-z0-9._-]+")) {
            return Optional.empty();
        }
        var folder = "/prompts/" + agent + "/" + version + "/";
        var system = read(folder + "system.txt");
        var user = read(folder + "user.txt");
        var schema = read(folder + "answer.schema.json");
        if (system.isEmpty() || user.isEmpty() || schema.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ModelPrompt.PromptFiles(system.get(), user.get(), schema.get()));
    }

    private static Optional<String> read(String path) {
        try (var in = PromptFilesOnClasspath.class.getResourceAsStream(path)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
