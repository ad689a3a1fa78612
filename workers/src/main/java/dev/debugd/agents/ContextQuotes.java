package dev.debugd.agents;

import dev.debugd.context.snapshot.Context;
import java.util.ArrayList;
import java.util.List;

/** Whether evidence an agent quotes is in the context it was given, word for word: an agent may not invent evidence. */
public final class ContextQuotes {

    private ContextQuotes() {}

    /** The quotes, refusing the first that no text of the context contains. */
    public static List<String> checked(Context context, List<String> quotes) {
        var texts = texts(context);
        for (var quote : quotes) {
            if (quote.isBlank() || texts.stream().noneMatch(text -> text.contains(quote))) {
                throw new IllegalArgumentException("the evidence '" + quote + "' is not in the context");
            }
        }
        return quotes;
    }

    private static List<String> texts(Context context) {
        var texts = new ArrayList<String>();
        for (var exception : context.exceptionsToRead()) {
            texts.add(exception.type());
            texts.add(exception.message());
            exception.causes().forEach(cause -> {
                texts.add(cause.type());
                texts.add(cause.message());
            });
            exception.frames().forEach(frame -> texts.add(frame.module() + "." + frame.function()));
        }
        context.logLines().forEach(line -> texts.add(line.message()));
        context.relatedSignatures().forEach(related -> texts.add(related.sample()));
        context.pastIncidents().forEach(past -> texts.add(pastIncident(past) + ": " + past.hypothesis()));
        if (context.code() != null) {
            context.code().files().forEach(file -> texts.add(file.text()));
        }
        return texts;
    }

    /** How a past incident of the context is quoted as evidence. */
    public static String pastIncident(Context.PastIncident past) {
        return "past incident " + past.incidentId();
    }
}
