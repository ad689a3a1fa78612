package dev.debugd.incidents;

import dev.debugd.projection.IncidentStatus;
import dev.debugd.timeline.RootCauseCategory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One page of a tenant's incident list as the query string asks for it: filters, page size, and the cursor of the page
 * before. Newest detection first, by (detected_at, incident_id), which never change once an incident is detected, so
 * pages stay put while new incidents arrive. Pure.
 *
 * @param since at or after this detection time (inclusive); {@code until} before it (exclusive)
 */
public record IncidentQuery(Set<IncidentStatus> statuses, Optional<String> service, Optional<String> rule,
        Optional<RootCauseCategory> category, Optional<Instant> since, Optional<Instant> until, int limit, Optional<Cursor> after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    private static final List<String> PARAMETERS = List.of("status", "service", "rule", "category", "since", "until", "limit",
            "cursor");

    /** Where a page ends: the last incident it listed. Opaque to clients. */
    public record Cursor(Instant detectedAt, String incidentId) {

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((detectedAt + "|" + incidentId)
                    .getBytes(StandardCharsets.UTF_8));
        }

        static Optional<Cursor> decode(String text) {
            try {
                var decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int bar = decoded.indexOf('|');
                if (bar < 0 || bar == decoded.length() - 1) {
                    return Optional.empty();
                }
                return Optional.of(new Cursor(Instant.parse(decoded.substring(0, bar)), decoded.substring(bar + 1)));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    /** The query, or what is wrong with the parameters, each reason naming its parameter. */
    public record Parsed(IncidentQuery query, List<String> problems) {}

    /** Reads the query string's parameters (as a servlet gives them: each name with its values). */
    public static Parsed parse(Map<String, String[]> parameters) {
        var problems = new ArrayList<String>();
        for (var name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                problems.add(name + ": unknown parameter (expected one of " + String.join(", ", PARAMETERS) + ")");
            } else if (parameters.get(name).length > 1) {
                problems.add(name + ": given more than once");
            }
        }
        var statuses = EnumSet.noneOf(IncidentStatus.class);
        one(parameters, "status").ifPresent(list -> {
            for (var value : list.split(",", -1)) {
                var status = Arrays.stream(IncidentStatus.values()).filter(s -> wire(s).equals(value.strip())).findFirst();
                status.ifPresentOrElse(statuses::add, () -> problems.add("status: '" + value.strip() + "' is not one of "
                        + Arrays.stream(IncidentStatus.values()).map(IncidentQuery::wire).collect(Collectors.joining(", "))));
            }
        });
        var service = text(parameters, "service", problems);
        var rule = text(parameters, "rule", problems);
        Optional<RootCauseCategory> category = one(parameters, "category").flatMap(value -> {
            try {
                return Optional.of(RootCauseCategory.fromWire(value));
            } catch (IllegalArgumentException e) {
                problems.add("category: " + e.getMessage());
                return Optional.empty();
            }
        });
        var since = instant(parameters, "since", problems);
        var until = instant(parameters, "until", problems);
        int limit = DEFAULT_LIMIT;
        var limitText = one(parameters, "limit");
        if (limitText.isPresent()) {
            try {
                limit = Integer.parseInt(limitText.get());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                problems.add("limit: must be a whole number from 1 to " + MAX_LIMIT + ", got '" + limitText.get() + "'");
            }
        }
        var after = one(parameters, "cursor").flatMap(text -> {
            var cursor = Cursor.decode(text);
            if (cursor.isEmpty()) {
                problems.add("cursor: not a cursor this API gave (use next_cursor of the page before)");
            }
            return cursor;
        });
        if (!problems.isEmpty()) {
            return new Parsed(null, List.copyOf(problems));
        }
        return new Parsed(new IncidentQuery(statuses, service, rule, category, since, until, limit, after), List.of());
    }

    /** A status as the API names it: "fix_proposed". */
    public static String wire(IncidentStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static Optional<String> one(Map<String, String[]> parameters, String name) {
        var values = parameters.get(name);
        return values == null || values.length == 0 ? Optional.empty() : Optional.of(values[0]);
    }

    private static Optional<String> text(Map<String, String[]> parameters, String name, List<String> problems) {
        var value = one(parameters, name);
        if (value.isPresent() && (value.get().isBlank() || value.get().length() > 200)) {
            problems.add(name + ": must be 1-200 characters");
            return Optional.empty();
        }
        return value;
    }

    private static Optional<Instant> instant(Map<String, String[]> parameters, String name, List<String> problems) {
        return one(parameters, name).flatMap(value -> {
            try {
                return Optional.of(Instant.parse(value));
            } catch (DateTimeParseException e) {
                problems.add(name + ": must be an ISO-8601 instant such as 2026-12-06T08:00:00Z, got '" + value + "'");
                return Optional.empty();
            }
        });
    }
}
