package dev.debugd.timeline;

import java.util.List;
import java.util.Map;

/** Checks of required fields, so that a malformed event is refused with a message naming the field. */
final class Fields {

    private Fields() {}

    static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    static <K, V> Map<K, V> map(Map<K, V> value) {
        return value == null ? Map.of() : Map.copyOf(value);
    }

    static double fraction(double value, String field) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(field + " must be between 0 and 1, got " + value);
        }
        return value;
    }

    static int atLeast(int value, int minimum, String field) {
        if (value < minimum) {
            throw new IllegalArgumentException(field + " must be at least " + minimum + ", got " + value);
        }
        return value;
    }

    static String matching(String value, IdSyntax syntax, String field) {
        text(value, field);
        if (!syntax.matches(value)) {
            throw new IllegalArgumentException(field + " '" + value + "' does not match " + syntax.pattern);
        }
        return value;
    }
}
