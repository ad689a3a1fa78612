package shop.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves /search: remembers recent queries for suggestions and forgets old ones.
 * One instance serves every request of the service; queries are keyed by their id.
 */
public final class Handler {

    static final long IDLE_MILLIS = 10 * 60 * 1000L;
    static final int MAX_RESULTS = 50;
    static final int MIN_QUERY_LENGTH = 2;
    static final int SUGGESTIONS = 8;

    /** When each query was last asked for, by id. */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    /** The open queries, oldest first. */
    private final List<String> open = new ArrayList<>();
    private long requests;

    /** How many requests this handler has answered. */
    public long requests() {
        return requests;
    }

    /** Answers one request for a query and tidies up the queries nobody asked for lately. */
    public String handle(String queryId, long now) {
        if (queryId == null || queryId.isBlank()) {
            return "400 missing query id";
        }
        if (queryId.length() > 64) {
            return "414 query id too long";
        }
        requests++;
        if (!lastSeen.containsKey(queryId)) {
            open.add(queryId);
        }
        lastSeen.put(queryId, now);
        for (String id : open) {
            if (now - lastSeen.getOrDefault(id, now) > IDLE_MILLIS) {
                open.remove(id);
                lastSeen.remove(id);
            }
        }
        return "200 " + queryId + " (" + open.size() + " open)";
    }

    /** The queries still open, oldest first. */
    public List<String> open() {
        return List.copyOf(open);
    }

    /** Forgets every query: for tests and for a restart without state. */
    public void clear() {
        open.clear();
        lastSeen.clear();
    }
}
