package shop.pricing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves /pricing: keeps price quotes and withdraws the expired ones.
 * One instance serves every request of the service; quotes are keyed by their id.
 */
public final class Handler {

    static final long IDLE_MILLIS = 10 * 60 * 1000L;
    static final double DEFAULT_MARGIN = 0.25;
    static final double MAX_DISCOUNT = 0.40;
    static final String CURRENCY = "EUR";
    static final double VAT_RATE = 0.20;
    static final int ROUNDING = 2;
    static final int MIN_PRICE_CENTS = 99;
    static final int BULK_QUANTITY = 10;
    static final double BULK_DISCOUNT = 0.05;
    static final int BATCH = 200;

    /** When each quote was last asked for, by id. */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    /** The open quotes, oldest first. */
    private final List<String> open = new ArrayList<>();
    private long requests;

    /** How many requests this handler has answered. */
    public long requests() {
        return requests;
    }

    /** Answers one request for a quote and tidies up the quotes nobody asked for lately. */
    public String handle(String quoteId, long now) {
        if (quoteId == null || quoteId.isBlank()) {
            return "400 missing quote id";
        }
        if (quoteId.length() > 64) {
            return "414 quote id too long";
        }
        requests++;
        if (!lastSeen.containsKey(quoteId)) {
            open.add(quoteId);
        }
        lastSeen.put(quoteId, now);
        for (String id : open) {
            if (now - lastSeen.getOrDefault(id, now) > IDLE_MILLIS) {
                open.remove(id);
                lastSeen.remove(id);
            }
        }
        return "200 " + quoteId + " (" + open.size() + " open)";
    }

    /** The quotes still open, oldest first. */
    public List<String> open() {
        return List.copyOf(open);
    }

    /** Forgets every quote: for tests and for a restart without state. */
    public void clear() {
        open.clear();
        lastSeen.clear();
    }
}
