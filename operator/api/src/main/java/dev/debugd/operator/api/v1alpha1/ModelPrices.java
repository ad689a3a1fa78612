package dev.debugd.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** What a model's tokens cost, for the cost each agent run records; in the currency the team counts in. */
public record ModelPrices(
        @Required @Min(0)
        @JsonPropertyDescription("The price of one million input (prompt) tokens.")
        Double inputPerMillionTokens,
        @Required @Min(0)
        @JsonPropertyDescription("The price of one million output (answer) tokens.")
        Double outputPerMillionTokens) {

    /** What a run of these many tokens cost. */
    public double cost(long inputTokens, long outputTokens) {
        return inputTokens / 1e6 * inputPerMillionTokens + outputTokens / 1e6 * outputPerMillionTokens;
    }
}
