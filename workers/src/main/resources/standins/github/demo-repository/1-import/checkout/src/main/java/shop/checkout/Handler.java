package shop.checkout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves /checkout: keeps the open baskets and drops the ones left idle too long.
 * One instance serves every request of the service; baskets are keyed by their id.
 */
public final class Handler {

    static final long IDLE_MILLIS = 30 * 60 * 1000L;

    /** When each basket was last asked for, by id. */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    /** The open baskets, oldest first. */
    private final List<String> open = new ArrayList<>();
    private long requests;

    /** How many requests this handler has answered. */
    public long requests() {
        return requests;
    }

    /** Answers one request for a basket and tidies up the baskets nobody asked for lately. */
    public String handle(String basketId, long now) {
        if (basketId == null || basketId.isBlank()) {
            return "400 missing basket id";
        }
        if (basketId.length() > 64) {
            return "414 basket id too long";
        }
        requests++;
        if (!lastSeen.containsKey(basketId)) {
            open.add(basketId);
        }
        lastSeen.put(basketId, now);
        for (String id : open) {
            if (now - lastSeen.getOrDefault(id, now) > IDLE_MILLIS) {
                open.remove(id);
                lastSeen.remove(id);
            }
        }
        return "200 " + basketId + " (" + open.size() + " open)";
    }

    /** The baskets still open, oldest first. */
    public List<String> open() {
        return List.copyOf(open);
    }

    /** Forgets every basket: for tests and for a restart without state. */
    public void clear() {
        open.clear();
        lastSeen.clear();
    }
}
