package shop.payments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves /payments: tracks card authorizations until they are captured or lapse.
 * One instance serves every request of the service; authorizations are keyed by their id.
 */
public final class Handler {

    static final long IDLE_MILLIS = 7 * 24 * 60 * 60 * 1000L;
    static final int MAX_ATTEMPTS = 3;

    /** When each authorization was last asked for, by id. */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    /** The open authorizations, oldest first. */
    private final List<String> open = new ArrayList<>();
    private long requests;

    /** How many requests this handler has answered. */
    public long requests() {
        return requests;
    }

    /** Answers one request for a authorization and tidies up the authorizations nobody asked for lately. */
    public String handle(String authorizationId, long now) {
        if (authorizationId == null || authorizationId.isBlank()) {
            return "400 missing authorization id";
        }
        if (authorizationId.length() > 64) {
            return "414 authorization id too long";
        }
        requests++;
        if (!lastSeen.containsKey(authorizationId)) {
            open.add(authorizationId);
        }
        lastSeen.put(authorizationId, now);
        for (String id : open) {
            if (now - lastSeen.getOrDefault(id, now) > IDLE_MILLIS) {
                open.remove(id);
                lastSeen.remove(id);
            }
        }
        return "200 " + authorizationId + " (" + open.size() + " open)";
    }

    /** The authorizations still open, oldest first. */
    public List<String> open() {
        return List.copyOf(open);
    }

    /** Forgets every authorization: for tests and for a restart without state. */
    public void clear() {
        open.clear();
        lastSeen.clear();
    }
}
