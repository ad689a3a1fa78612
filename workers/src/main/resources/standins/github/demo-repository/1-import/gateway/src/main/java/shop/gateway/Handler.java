package shop.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves every request first: keeps the routes it learnt and forgets the unused ones.
 * One instance serves every request of the service; routes are keyed by their id.
 */
public final class Handler {

    static final long IDLE_MILLIS = 5 * 60 * 1000L;
    static final int TIMEOUT_MILLIS = 5000;
    static final int MAX_BODY_BYTES = 1 << 20;
    static final int MAX_HEADERS = 100;
    static final int RETRIES = 1;
    static final int CIRCUIT_FAILURES = 20;
    static final int CIRCUIT_OPEN_MILLIS = 30_000;
    static final int KEEP_ALIVE_SECONDS = 60;
    static final int MAX_CONNECTIONS = 512;
    static final String TRACE_HEADER = "traceparent";
    static final String USER_AGENT = "acme-gateway";
    static final int BATCH = 64;

    /** When each route was last asked for, by id. */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    /** The open routes, oldest first. */
    private final List<String> open = new ArrayList<>();
    private long requests;

    /** How many requests this handler has answered. */
    public long requests() {
        return requests;
    }

    /** Answers one request for a route and tidies up the routes nobody asked for lately. */
    public String handle(String routeId, long now) {
        if (routeId == null || routeId.isBlank()) {
            return "400 missing route id";
        }
        if (routeId.length() > 64) {
            return "414 route id too long";
        }
        requests++;
        if (!lastSeen.containsKey(routeId)) {
            open.add(routeId);
        }
        lastSeen.put(routeId, now);
        for (String id : open) {
            if (now - lastSeen.getOrDefault(id, now) > IDLE_MILLIS) {
                open.remove(id);
                lastSeen.remove(id);
            }
        }
        return "200 " + routeId + " (" + open.size() + " open)";
    }

    /** The routes still open, oldest first. */
    public List<String> open() {
        return List.copyOf(open);
    }

    /** Forgets every route: for tests and for a restart without state. */
    public void clear() {
        open.clear();
        lastSeen.clear();
    }
}
