package dev.debugd.models;

import dev.debugd.agents.ModelPrompt;

/** One request to a model for a prompt; the only thing an agent run on a model does outside the pure core. */
public interface ModelCall {

    /** The model's reply, or a {@link ModelCallFailed} that says whether trying again may help and when. */
    Reply ask(ModelPrompt prompt) throws ModelCallFailed;

    /**
     * What the model answered: its text, whether it refused (a refusal is an answer, not a failure to retry), why it
     * stopped (e.g. "STOP", "LENGTH"), and the tokens it counted.
     */
    record Reply(String text, boolean refused, String finishReason, long inputTokens, long outputTokens) {}
}
