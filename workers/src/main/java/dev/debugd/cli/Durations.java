package dev.debugd.cli;

import java.time.Duration;

/** Durations as people write them on a command line: 500ms, 30s, 5m, 1h. */
final class Durations {

    private Durations() {}

    static Duration parse(String text, String option) {
        var trimmed = text.trim().toLowerCase();
        try {
            if (trimmed.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(trimmed.substring(0, trimmed.length() - 2)));
            }
            long amount = Long.parseLong(trimmed.substring(0, trimmed.length() - 1));
            switch (trimmed.charAt(trimmed.length() - 1)) {
                case 's': return Duration.ofSeconds(amount);
                case 'm': return Duration.ofMinutes(amount);
                case 'h': return Duration.ofHours(amount);
                default: break;
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " '" + text + "' is not a duration such as 500ms, 30s, 5m or 1h");
    }
}
