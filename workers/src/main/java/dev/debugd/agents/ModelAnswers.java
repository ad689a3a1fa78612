package dev.debugd.agents;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.debugd.context.snapshot.Context;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
        record Valid(Payload payload) implements Reading {}

        record Invalid(String problems) implements Reading {}
    }

    /** An answer as JSON matching its schema, or what is wrong with it. */
    private sealed interface Parsed {
        record Tree(JsonNode json) implements Parsed {}

        record Wrong(Reading.Invalid reading) implements Parsed {}
    }

    private static Parsed parse(String answer, String schemaJson) {
        if (answer == null || answer.isBlank()) {
            return new Parsed.Wrong(new Reading.Invalid("the answer is empty; answer with the JSON object only"));
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(strip(answer));
        } catch (JacksonException e) {
            return new Parsed.Wrong(new Reading.Invalid("the answer is not JSON (" + e.getOriginalMessage() + "); answer with"
                    + " the JSON object only"));
        }
        var violations = schema(schemaJson).validate(tree).stream()
                .map(error -> (error.getInstanceLocation().toString().isEmpty() ? "the answer" : error.getInstanceLocation())
                        + ": " + error.getMessage()).toList();
        if (!violations.isEmpty()) {
            return new Parsed.Wrong(new Reading.Invalid("the answer does not match the schema: " + String.join("; ", violations)));
        }
        return new Parsed.Tree(tree);
    }

    /** The RCA Agent's answer as a RootCauseProposed labelled with its reasoner (e.g. "openai/llama3.1:8b@v1"). */
    public static Reading rootCause(String answer, String schemaJson, Context context, String reasoner) {
        var parsed = parse(answer, schemaJson);
        if (parsed instanceof Parsed.Wrong wrong) {
            return wrong.reading();
        }
        var tree = ((Parsed.Tree) parsed).json();
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

    /**
     * The Fix Agent's answer as a FixDrafted: a diff only when the context holds the code and the diff applies to it; an
     * empty diff is a described change.
     */
    public static Reading fix(String answer, String schemaJson, Context context, UUID rootCauseEventId, String reasoner) {
        var parsed = parse(answer, schemaJson);
        if (parsed instanceof Parsed.Wrong wrong) {
            return wrong.reading();
        }
        var tree = ((Parsed.Tree) parsed).json();
        if (diff(tree, context) instanceof Parsed.Wrong wrongDiff) {
            return wrongDiff.reading();
        }
        return new Reading.Valid(new Payload.FixDrafted(tree.get("summary").asString().strip(), patch(tree),
                rootCauseEventId, tree.get("rationale").asString().strip(), tree.get("risk").asString().strip(), reasoner));
    }

    /**
     * The Instrumentation Agent's answer as an InstrumentationProposed: each addition tied to a signal the context
     * misses (or to the cause a doubtful root cause lacked), a diff only when it applies to the context's code.
     */
    public static Reading instrumentation(String answer, String schemaJson, Context context, boolean doubtfulCause,
            String reasoner) {
        var parsed = parse(answer, schemaJson);
        if (parsed instanceof Parsed.Wrong wrong) {
            return wrong.reading();
        }
        var tree = ((Parsed.Tree) parsed).json();
        var additions = new ArrayList<String>();
        var problems = new ArrayList<String>();
        for (var addition : tree.get("additions")) {
            var signal = addition.get("signal").asString();
            if (signal.equals("cause") ? !doubtfulCause : !context.missingSignals().contains(signal)) {
                problems.add("an addition for '" + signal + "', which the context does not miss (missing: "
                        + String.join(", ", context.missingSignals()) + (doubtfulCause ? ", and the cause" : "") + ")");
                continue;
            }
            additions.add(signal + ": " + addition.get("change").asString().strip());
        }
        if (!problems.isEmpty()) {
            return new Reading.Invalid(String.join("; ", problems));
        }
        if (diff(tree, context) instanceof Parsed.Wrong wrongDiff) {
            return wrongDiff.reading();
        }
        return new Reading.Valid(new Payload.InstrumentationProposed(tree.get("summary").asString().strip(),
                context.missingSignals(), patch(tree), additions, reasoner));
    }

    /** The answer's diff, when it gave one: it must apply to the code the context holds (never an invented diff). */
    private static Parsed diff(JsonNode tree, Context context) {
        var patch = patch(tree);
        if (patch != null && (context.code() == null || !CodeDiffs.appliesTo(patch, context.code()))) {
            return new Parsed.Wrong(new Reading.Invalid("the diff does not apply to the code in the context; give an empty diff"
                    + " and describe the change, or a diff of lines the context holds"));
        }
        return new Parsed.Tree(tree);
    }

    private static String patch(JsonNode tree) {
        var diff = tree.get("diff").asString();
        return diff.isBlank() ? null : diff.endsWith("\n") ? diff : diff + "\n";
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
