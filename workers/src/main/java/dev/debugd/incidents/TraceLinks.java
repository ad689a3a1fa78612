package dev.debugd.incidents;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where an agent run's trace is seen (Langfuse's trace page, say): a URL with {@code {trace_id}} in it, which the
 * dashboard replaces with a run's trace id.
 */
public record TraceLinks(String template) {

    public static final String PLACEHOLDER = "{trace_id}";

    public TraceLinks {
        if (!template.contains(PLACEHOLDER)) {
            throw new IllegalArgumentException("the trace URL must contain " + PLACEHOLDER + ", where a run's trace id goes: " + template);
        }
        try {
            var uri = new URI(template.replace(PLACEHOLDER, "0"));
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("the trace URL must be an http(s) URL with a host: " + template);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the trace URL is not a URL: " + e.getMessage());
        }
    }
}
