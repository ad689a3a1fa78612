package dev.debugd.agents;

/**
 * What an agent sends a model: the system text and the user text of its versioned prompt files, with the context as
 * data in the user text, and the JSON schema the answer must match. Pure: the files are read by the shell.
 *
 * @param version    the prompt files' version (an AgentProfile's {@code promptVersion})
 * @param schemaJson the answer's JSON schema, sent to the provider's structured-output mode and checked on arrival
 */
public record ModelPrompt(String agent, String version, String system, String user, String schemaJson) {

    /** The prompt for one context: {@code {{context}}} in the user template becomes the context's JSON. */
    public static ModelPrompt of(String agent, String version, PromptFiles files, String contextJson) {
        if (!files.user().contains("{{context}}")) {
            throw new IllegalArgumentException("the " + agent + " prompt " + version + " has no {{context}} in its user text");
        }
        return new ModelPrompt(agent, version, files.system(), files.user().replace("{{context}}", contextJson), files.schema());
    }

    /** The texts of one prompt version, as the repository keeps them (prompts/AGENT/VERSION/). */
    public record PromptFiles(String system, String user, String schema) {}
}
