package shop.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves /inventory: holds stock reservations and releases the stale ones.
 * One instance serves every request of the service; reservations are keyed by their id.
 */
public final class Handler {

    static final long IDLE_MILLIS = 15 * 60 * 1000L;
    static final String WAREHOUSE = "eu-west";
    static final int MAX_HOLD = 500;

    /** When each reservation was last asked for, by id. */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    /** The open reservations, oldest first. */
    private final List<String> open = new ArrayList<>();
    private long requests;

    /** How many requests this handler has answered. */
    public long requests() {
        return requests;
    }

    /** Answers one request for a reservation and tidies up the reservations nobody asked for lately. */
    public String handle(String reservationId, long now) {
        if (reservationId == null || reservationId.isBlank()) {
            return "400 missing reservation id";
        }
        if (reservationId.length() > 64) {
            return "414 reservation id too long";
        }
        requests++;
        if (!lastSeen.containsKey(reservationId)) {
            open.add(reservationId);
        }
        lastSeen.put(reservationId, now);
        for (String id : open) {
            if (now - lastSeen.getOrDefault(id, now) > IDLE_MILLIS) {
                open.remove(id);
                lastSeen.remove(id);
            }
        }
        return "200 " + reservationId + " (" + open.size() + " open)";
    }

    /** The reservations still open, oldest first. */
    public List<String> open() {
        return List.copyOf(open);
    }

    /** Forgets every reservation: for tests and for a restart without state. */
    public void clear() {
        open.clear();
        lastSeen.clear();
    }
}
