package shop.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves /catalog: caches product listings and evicts the ones not viewed lately.
 * One instance serves every request of the service; listings are keyed by their id.
 */
public final class Handler {

    static final long IDLE_MILLIS = 60 * 60 * 1000L;
    static final int PAGE_SIZE = 24;
    static final int MAX_IMAGES = 12;
    static final String LOCALE = "en-GB";
    static final String CURRENCY = "EUR";
    static final int MIN_STOCK = 1;
    static final int FEATURED = 6;
    static final int MAX_VARIANTS = 40;
    static final int BATCH = 100;

    /** When each listing was last asked for, by id. */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    /** The open listings, oldest first. */
    private final List<String> open = new ArrayList<>();
    private long requests;

    /** How many requests this handler has answered. */
    public long requests() {
        return requests;
    }

    /** Answers one request for a listing and tidies up the listings nobody asked for lately. */
    public String handle(String listingId, long now) {
        if (listingId == null || listingId.isBlank()) {
            return "400 missing listing id";
        }
        if (listingId.length() > 64) {
            return "414 listing id too long";
        }
        requests++;
        if (!lastSeen.containsKey(listingId)) {
            open.add(listingId);
        }
        lastSeen.put(listingId, now);
        for (String id : open) {
            if (now - lastSeen.getOrDefault(id, now) > IDLE_MILLIS) {
                open.remove(id);
                lastSeen.remove(id);
            }
        }
        return "200 " + listingId + " (" + open.size() + " open)";
    }

    /** The listings still open, oldest first. */
    public List<String> open() {
        return List.copyOf(open);
    }

    /** Forgets every listing: for tests and for a restart without state. */
    public void clear() {
        open.clear();
        lastSeen.clear();
    }
}
