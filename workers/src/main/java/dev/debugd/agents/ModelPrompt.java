package dev.debugd.agents;

import java.util.Map;

/**
 * What an agent sends a model: the system text and the user text of its versioned prompt files, with the context as
 * data in the user text, and the JSON schema the answer must match. Pure: the files are read by the shell.
 *
 * @param version    the prompt files' version (an AgentProfile's {@code promptVersion})
 * @param schemaJson the answer's JSON schema, sent to the provider's structured-output mode and checked on arrival
 */
public record ModelPrompt(String agent, String version, String system, String user, String schemaJson) {

    /**
     * The prompt for one task: each {@code {{name}}} in the user template becomes its value ({@code context}, the
     * context's JSON, always; {@code root_cause} for the agents that work from one).
     */
    public static ModelPrompt of(String agent, String version, PromptFiles files, Map<String, String> data) {
        if (!files.user().contains("{{context}}") || !data.containsKey("context")) {
            throw new IllegalArgumentException("the " + agent + " prompt " + version + " has no {{context}} in its user text");
        }
        var user = files.user();
        for (var entry : data.entrySet()) {
            user = user.replace("{{" + entry.getKey() + "}}", entry.getValue());
        }
        return new ModelPrompt(agent, version, files.system(), user, files.schema());
    }

    /** The same prompt, told what was wrong with the last answer. */
    public ModelPrompt askedAgain(String problems) {
        return new ModelPrompt(agent, version, system, user + "\n\nYour previous answer was refused: " + problems
                + ". Answer again.", schemaJson);
    }

    /** The texts of one prompt version, as the repository keeps them (prompts/AGENT/VERSION/). */
    public record PromptFiles(String system, String user, String schema) {}
}
