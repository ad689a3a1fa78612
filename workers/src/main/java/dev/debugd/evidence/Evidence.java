package dev.debugd.evidence;

import java.util.List;

/** The evidence of one ingest batch. */
public record Evidence(List<LogLine> logs, List<ExceptionEvent> exceptions, List<RequestRecord> requests) {

    public Evidence {
        logs = List.copyOf(logs);
        exceptions = List.copyOf(exceptions);
        requests = List.copyOf(requests);
    }

    public int size() {
        return logs.size() + exceptions.size() + requests.size();
    }
}
