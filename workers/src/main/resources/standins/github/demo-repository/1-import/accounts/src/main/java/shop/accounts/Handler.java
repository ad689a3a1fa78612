package shop.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves /accounts: keeps signed-in sessions and ends the idle ones.
 * One instance serves every request of the service; sessions are keyed by their id.
 */
public final class Handler {

    static final long IDLE_MILLIS = 20 * 60 * 1000L;
    static final int MAX_SESSIONS = 5;
    static final String COOKIE = "shop_session";
    static final int REMEMBER_DAYS = 30;
    static final int LOCKOUT_ATTEMPTS = 10;

    /** When each session was last asked for, by id. */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    /** The open sessions, oldest first. */
    private final List<String> open = new ArrayList<>();
    private long requests;

    /** How many requests this handler has answered. */
    public long requests() {
        return requests;
    }

    /** Answers one request for a session and tidies up the sessions nobody asked for lately. */
    public String handle(String sessionId, long now) {
        if (sessionId == null || sessionId.isBlank()) {
            return "400 missing session id";
        }
        if (sessionId.length() > 64) {
            return "414 session id too long";
        }
        requests++;
        if (!lastSeen.containsKey(sessionId)) {
            open.add(sessionId);
        }
        lastSeen.put(sessionId, now);
        for (String id : open) {
            if (now - lastSeen.getOrDefault(id, now) > IDLE_MILLIS) {
                open.remove(id);
                lastSeen.remove(id);
            }
        }
        return "200 " + sessionId + " (" + open.size() + " open)";
    }

    /** The sessions still open, oldest first. */
    public List<String> open() {
        return List.copyOf(open);
    }

    /** Forgets every session: for tests and for a restart without state. */
    public void clear() {
        open.clear();
        lastSeen.clear();
    }
}
