package shop.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves /notify: buffers outgoing messages and discards the undeliverable ones.
 * One instance serves every request of the service; messages are keyed by their id.
 */
public final class Handler {

    static final long IDLE_MILLIS = 5 * 60 * 1000L;
    static final String SENDER = "shop@acme.example";
    static final int MAX_RECIPIENTS = 100;
    static final int RETRY_LIMIT = 5;
    static final int QUIET_HOURS_START = 22;
    static final int QUIET_HOURS_END = 7;
    static final int BATCH = 50;

    /** When each message was last asked for, by id. */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    /** The open messages, oldest first. */
    private final List<String> open = new ArrayList<>();
    private long requests;

    /** How many requests this handler has answered. */
    public long requests() {
        return requests;
    }

    /** Answers one request for a message and tidies up the messages nobody asked for lately. */
    public String handle(String messageId, long now) {
        if (messageId == null || messageId.isBlank()) {
            return "400 missing message id";
        }
        if (messageId.length() > 64) {
            return "414 message id too long";
        }
        requests++;
        if (!lastSeen.containsKey(messageId)) {
            open.add(messageId);
        }
        lastSeen.put(messageId, now);
        for (String id : open) {
            if (now - lastSeen.getOrDefault(id, now) > IDLE_MILLIS) {
                open.remove(id);
                lastSeen.remove(id);
            }
        }
        return "200 " + messageId + " (" + open.size() + " open)";
    }

    /** The messages still open, oldest first. */
    public List<String> open() {
        return List.copyOf(open);
    }

    /** Forgets every message: for tests and for a restart without state. */
    public void clear() {
        open.clear();
        lastSeen.clear();
    }
}
