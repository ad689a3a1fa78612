package dev.debugd.incidents;

import static dev.debugd.evidence.clickhouse.ClickHouseSql.quote;

import dev.debugd.evidence.clickhouse.ClickHouseHttp;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The evidence around an incident, for charts: per step, its signature's occurrences and its service's requests and
 * failed requests (status ≥ 500), from ClickHouse's views. Steps without rows are zeros, so a chart has no gaps.
 */
public final class EvidenceSeries {

    /** One step: where it starts, and what happened in it. */
    public record Point(Instant start, long occurrences, long requests, long failedRequests) {

        /** The share of failed requests, or 0 without requests. */
        public double errorRate() {
            return requests == 0 ? 0 : (double) failedRequests / requests;
        }
    }

    /** The window a chart shows: whole steps from {@code from} to {@code to}. */
    public record Window(Instant from, Instant to, Duration step) {

        public Window {
            if (step.getSeconds() < 1 || !to.isAfter(from)) {
                throw new IllegalArgumentException("a window needs a step of at least a second and an end after its start");
            }
        }

        /** The window of {@code before} and {@code after} around a moment, aligned to whole steps. */
        public static Window around(Instant moment, Duration before, Duration after, Duration step) {
            long seconds = step.getSeconds();
            long from = Math.floorDiv(moment.minus(before).getEpochSecond(), seconds) * seconds;
            long to = Math.floorDiv(moment.plus(after).getEpochSecond() + seconds - 1, seconds) * seconds;
            return new Window(Instant.ofEpochSecond(from), Instant.ofEpochSecond(to), step);
        }

        int steps() {
            return (int) ((to.getEpochSecond() - from.getEpochSecond()) / step.getSeconds());
        }
    }

    private final ClickHouseHttp clickhouse;

    public EvidenceSeries(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    public List<Point> read(String tenant, String service, String signature, Window window) throws IOException, InterruptedException {
        long step = window.step().getSeconds();
        var where = "tenant_id = " + quote(tenant) + " AND service = " + quote(service) + " AND second >= toDateTime("
                + window.from().getEpochSecond() + ") AND second < toDateTime(" + window.to().getEpochSecond() + ")";
        var occurrences = new HashMap<Long, Long>();
        if (signature != null && !signature.isEmpty()) {
            for (var row : clickhouse.query("SELECT intDiv(toUInt32(second), " + step + ") AS bucket, sum(occurrences) AS n"
                    + " FROM error_frequency WHERE " + where + " AND error_signature = " + quote(signature) + " GROUP BY bucket")) {
                occurrences.put(row.get("bucket").asLong(), row.get("n").asLong());
            }
        }
        var requests = new HashMap<Long, long[]>();
        for (var row : clickhouse.query("SELECT intDiv(toUInt32(second), " + step + ") AS bucket, sum(total_requests) AS total,"
                + " sum(error_requests) AS failed FROM error_rate WHERE " + where + " GROUP BY bucket")) {
            requests.put(row.get("bucket").asLong(), new long[] {row.get("total").asLong(), row.get("failed").asLong()});
        }
        return points(window, occurrences, requests);
    }

    /** Every step of the window, with the counts of its bucket (by epoch second ÷ step), zeros where there are none. Pure. */
    static List<Point> points(Window window, Map<Long, Long> occurrences, Map<Long, long[]> requests) {
        long step = window.step().getSeconds();
        long first = window.from().getEpochSecond() / step;
        var points = new ArrayList<Point>(window.steps());
        for (int i = 0; i < window.steps(); i++) {
            long bucket = first + i;
            var counts = requests.getOrDefault(bucket, new long[] {0, 0});
            points.add(new Point(Instant.ofEpochSecond(bucket * step), occurrences.getOrDefault(bucket, 0L), counts[0], counts[1]));
        }
        return points;
    }
}
