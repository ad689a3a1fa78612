package dev.debugd.timeline;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads event times: the envelope's, and those inside payloads ({@link PayloadInstants}). {@link Instant#parse} goes
 * through a DateTimeFormatter and takes about a microsecond, the largest single cost of decoding a small event; the
 * spelling {@link Instant#toString} writes is read here directly, and every other spelling (and every error) is left
 * to Instant.parse, so both accept the same texts.
 */
public final class InstantText {

    private InstantText() {}

    public static Instant parse(String text) {
        var instant = canonical(text);
        return instant != null ? instant : Instant.parse(text);
    }

    /**
     * The instant text spells when it is spelled the way {@link Instant#toString} writes it (and is a time that
     * exists), else null: such a text means the same to Instant.parse and to Jackson's own Instant deserializer.
     */
    static Instant canonical(String text) {
        int length = text.length();
        if (length < 20 || length == 21 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || text.charAt(length - 1) != 'Z' || (length > 20 && text.charAt(19) != '.')) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int fraction = length > 20 ? digits(text, 20, length - 1) : 0;
        // Leap seconds and 24:00 are accepted by Instant.parse with adjustments; rare enough to leave to it.
        if ((year | month | day | hour | minute | second | fraction) < 0 || second > 59 || hour > 23) {
            return null;
        }
        int nanos = fraction;
        for (int scale = length - 21; scale < 9 && length > 20; scale++) {
            nanos *= 10;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null; // an impossible date: the caller's parser gives its usual message
        }
    }

    /** The decimal number in text[from, to), or -1 when a character is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
