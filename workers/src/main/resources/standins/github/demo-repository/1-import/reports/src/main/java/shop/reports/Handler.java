package shop.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves /reports: tracks report jobs and cancels the ones nobody collected.
 * One instance serves every request of the service; jobs are keyed by their id.
 */
public final class Handler {

    static final long IDLE_MILLIS = 24 * 60 * 60 * 1000L;
    static final int MAX_ROWS = 100_000;
    static final String FORMAT = "csv";
    static final int PAGE_SIZE = 1000;
    static final String TIMEZONE = "UTC";
    static final int MAX_PARALLEL = 2;
    static final int ARCHIVE_DAYS = 90;
    static final int BATCH = 10;

    /** When each job was last asked for, by id. */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    /** The open jobs, oldest first. */
    private final List<String> open = new ArrayList<>();
    private long requests;

    /** How many requests this handler has answered. */
    public long requests() {
        return requests;
    }

    /** Answers one request for a job and tidies up the jobs nobody asked for lately. */
    public String handle(String jobId, long now) {
        if (jobId == null || jobId.isBlank()) {
            return "400 missing job id";
        }
        if (jobId.length() > 64) {
            return "414 job id too long";
        }
        requests++;
        if (!lastSeen.containsKey(jobId)) {
            open.add(jobId);
        }
        lastSeen.put(jobId, now);
        for (String id : open) {
            if (now - lastSeen.getOrDefault(id, now) > IDLE_MILLIS) {
                open.remove(id);
                lastSeen.remove(id);
            }
        }
        return "200 " + jobId + " (" + open.size() + " open)";
    }

    /** The jobs still open, oldest first. */
    public List<String> open() {
        return List.copyOf(open);
    }

    /** Forgets every job: for tests and for a restart without state. */
    public void clear() {
        open.clear();
        lastSeen.clear();
    }
}
