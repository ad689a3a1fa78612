package dev.debugd.agents;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.debugd.context.snapshot.Context;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model's answer, read and checked before it becomes a fact: JSON, matching the prompt's schema, every quoted line
 * in the context. What is wrong is said in words the model can act on, so the next attempt can mend it. Pure.
 */
public final class ModelAnswers {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ModelAnswers() {}

    /** An answer read: the payload, or what is wrong with it. */
    public sealed interface Reading {
        record Valid(Payload.RootCauseProposed payload) implements Reading {}

        record Invalid(String problems) implements Reading {}
    }

    /** The RCA Agent's answer as a RootCauseProposed labelled with its reasoner (e.g. "openai/llama3.1:8b@v1"). */
    public static Reading rootCause(String answer, String schemaJson, Context context, String reasoner) {
        if (answer == null || answer.isBlank()) {
            return new Reading.Invalid("the answer is empty; answer with the JSON object only");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(strip(answer));
        } catch (JacksonException e) {
            return new Reading.Invalid("the answer is not JSON (" + e.getOriginalMessage() + "); answer with the JSON object only");
        }
        var violations = schema(schemaJson).validate(tree).stream()
                .map(error -> (error.getInstanceLocation().toString().isEmpty() ? "the answer" : error.getInstanceLocation())
                        + ": " + error.getMessage()).toList();
        if (!violations.isEmpty()) {
            return new Reading.Invalid("the answer does not match the schema: " + String.join("; ", violations));
        }
        var ranked = new ArrayList<Payload.RankedHypothesis>();
        var problems = new ArrayList<String>();
        for (var hypothesis : tree.get("hypotheses")) {
            var evidence = new ArrayList<String>();
            hypothesis.get("evidence").forEach(quote -> evidence.add(quote.asString()));
            try {
                ContextQuotes.checked(context, evidence);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage() + ": quote lines of the context word for word, or none");
                continue;
            }
            ranked.add(new Payload.RankedHypothesis(RootCauseCategory.fromWire(hypothesis.get("category").asString()),
                    hypothesis.get("statement").asString().strip(), hypothesis.get("confidence").asDouble(), List.copyOf(evidence)));
        }
        if (!problems.isEmpty()) {
            return new Reading.Invalid(String.join("; ", problems));
        }
        var top = ranked.get(0);
        return new Reading.Valid(new Payload.RootCauseProposed(top.statement(), top.category(), top.confidence(), top.evidence(),
                null, ranked, reasoner));
    }

    /** A model may wrap its JSON in a Markdown fence although told not to; the fence is no part of the answer. */
    private static String strip(String answer) {
        var text = answer.strip();
        if (text.startsWith("```")) {
            text = text.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```$", "");
        }
        return text;
    }

    private static Schema schema(String schemaJson) {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(JSON.readTree(schemaJson));
    }
}
