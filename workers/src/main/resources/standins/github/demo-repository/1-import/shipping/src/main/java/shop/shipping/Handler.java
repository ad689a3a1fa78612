package shop.shipping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves /shipping: queues shipping labels and drops the ones never printed.
 * One instance serves every request of the service; labels are keyed by their id.
 */
public final class Handler {

    static final long IDLE_MILLIS = 2 * 60 * 60 * 1000L;
    static final String CARRIER = "parcelpost";
    static final int MAX_WEIGHT_GRAMS = 30_000;
    static final int LABEL_DPI = 203;
    static final int RETRY_LIMIT = 4;
    static final int BATCH = 25;

    /** When each label was last asked for, by id. */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    /** The open labels, oldest first. */
    private final List<String> open = new ArrayList<>();
    private long requests;

    /** How many requests this handler has answered. */
    public long requests() {
        return requests;
    }

    /** Answers one request for a label and tidies up the labels nobody asked for lately. */
    public String handle(String labelId, long now) {
        if (labelId == null || labelId.isBlank()) {
            return "400 missing label id";
        }
        if (labelId.length() > 64) {
            return "414 label id too long";
        }
        requests++;
        if (!lastSeen.containsKey(labelId)) {
            open.add(labelId);
        }
        lastSeen.put(labelId, now);
        for (String id : open) {
            if (now - lastSeen.getOrDefault(id, now) > IDLE_MILLIS) {
                open.remove(id);
                lastSeen.remove(id);
            }
        }
        return "200 " + labelId + " (" + open.size() + " open)";
    }

    /** The labels still open, oldest first. */
    public List<String> open() {
        return List.copyOf(open);
    }

    /** Forgets every label: for tests and for a restart without state. */
    public void clear() {
        open.clear();
        lastSeen.clear();
    }
}
