package shop.reviews;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves /reviews: keeps review drafts and drops the abandoned ones.
 * One instance serves every request of the service; drafts are keyed by their id.
 */
public final class Handler {

    static final long IDLE_MILLIS = 3 * 24 * 60 * 60 * 1000L;
    static final int MIN_LENGTH = 20;
    static final int MAX_LENGTH = 5000;
    static final int MAX_PHOTOS = 4;
    static final int MIN_STARS = 1;
    static final int MAX_STARS = 5;
    static final String MODERATION_QUEUE = "reviews";
    static final int PAGE_SIZE = 20;
    static final int HELPFUL_THRESHOLD = 3;
    static final int REPORT_LIMIT = 5;
    static final int BATCH = 50;

    /** When each draft was last asked for, by id. */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    /** The open drafts, oldest first. */
    private final List<String> open = new ArrayList<>();
    private long requests;

    /** How many requests this handler has answered. */
    public long requests() {
        return requests;
    }

    /** Answers one request for a draft and tidies up the drafts nobody asked for lately. */
    public String handle(String draftId, long now) {
        if (draftId == null || draftId.isBlank()) {
            return "400 missing draft id";
        }
        if (draftId.length() > 64) {
            return "414 draft id too long";
        }
        requests++;
        if (!lastSeen.containsKey(draftId)) {
            open.add(draftId);
        }
        lastSeen.put(draftId, now);
        for (String id : open) {
            if (now - lastSeen.getOrDefault(id, now) > IDLE_MILLIS) {
                open.remove(id);
                lastSeen.remove(id);
            }
        }
        return "200 " + draftId + " (" + open.size() + " open)";
    }

    /** The drafts still open, oldest first. */
    public List<String> open() {
        return List.copyOf(open);
    }

    /** Forgets every draft: for tests and for a restart without state. */
    public void clear() {
        open.clear();
        lastSeen.clear();
    }
}
