package dev.debugd.evidence.clickhouse;

import java.util.regex.Pattern;

/**
 * The one place that puts outside values into ClickHouse SQL. 18.16 has no query parameters ({x:Type}), so
 * strings are quoted here: backslash escapes for the quote, the backslash and control characters. Pure.
 */
public final class ClickHouseSql {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private ClickHouseSql() {}

    /** A string literal that reads back as exactly {@code value}. */
    public static String quote(String value) {
        if (value == null) {
            return "NULL";
        }
        var out = new StringBuilder(value.length() + 8).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\'' -> out.append("\\'");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\0' -> out.append("\\0");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('\'').toString();
    }

    /** A database, table or column name, refused unless it is a plain identifier (never quoted from input). */
    public static String identifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a plain identifier (letters, digits, '_')");
        }
        return name;
    }
}
