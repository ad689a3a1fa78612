package dev.debugd.signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The template of a log message, decided from that message alone (ARCHITECTURE §7: no statistics over other lines,
 * so a line's template never depends on what came before it). Variable parts become {@code <*>}:
 * <ol>
 * <li>The message is cut at whitespace. A token is variable when, brackets, quotes and separators at its edges
 *     aside, it holds a digit (numbers, ids, hex, IPs and ports, timestamps, sizes) or characters natural-language
 *     words do not have: {@code / \ @ _ . # $ % & ~ *} inside it (paths, URLs, emails, hosts, snake_case and dotted
 *     identifiers). A variable token is masked whole, edges included, since values carry brackets of their own
 *     ({@code LOCAL(0),} and {@code 10.0.0.1,} are both {@code <*>}).</li>
 * <li>{@code key=value}: the key stays, the value is masked ({@code user=root} → {@code user=<*>}).</li>
 * <li>A quoted value ({@code 'a b'}, {@code "a b"}) is masked whole, spaces included.</li>
 * <li>A unit after a number is part of it: {@code 8.8 KB} and {@code 93 B} are both {@code <*>}; so are day and
 *     month names and time zones beside a number ({@code Fri Dec 10 19:02:14 EST 2004} is one {@code <*>}).</li>
 * <li>Runs collapse: {@code <*> <*>} is {@code <*>}, and a group of up to four tokens repeated back to back
 *     ({@code node-1 ok node-2 ok node-3 ok}) is written once, so lists of any length give one template.</li>
 * </ol>
 * Examples: {@code Receiving block blk_-16089 src: /10.250.19.102:54106} → {@code Receiving block <*> src: <*>};
 * {@code Block broadcast_9 stored (estimated size 8.8 KB, free 14.0 KB)} → {@code Block <*> stored (estimated size <*>, free <*>)}.
 */
public final class MessageTemplate {

    public static final String WILDCARD = "<*>";

    private static final Set<String> UNITS = Set.of("b", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "tib", "bytes", "byte",
            "ms", "us", "µs", "ns", "s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "h", "hr", "hrs",
            "hour", "hours", "ms.", "s.", "%");
    private static final Set<String> DATE_WORDS = Set.of("mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday",
            "wednesday", "thursday", "friday", "saturday", "sunday", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
            "sept", "oct", "nov", "dec", "january", "february", "march", "april", "june", "july", "august", "september", "october",
            "november", "december", "utc", "gmt", "z", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "cet", "cest", "bst",
            "ist", "jst", "am", "pm");
    private static final String EDGE = "()[]{}<>,;:'\"!?";
    private static final String INNER = "/\\@_.#$%&~*";

    private MessageTemplate() {}

    public static String of(String message) {
        var tokens = new ArrayList<String>();
        int length = message.length();
        int i = 0;
        while (i < length) {
            char c = message.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if ((c == '\'' || c == '"') && (i == 0 || Character.isWhitespace(message.charAt(i - 1)) || message.charAt(i - 1) == '=')) {
                int close = message.indexOf(c, i + 1);
                if (close > i) {
                    // A quoted value, spaces and all: masked whole, with what is glued to its end.
                    int end = close + 1;
                    while (end < length && !Character.isWhitespace(message.charAt(end))) {
                        end++;
                    }
                    tokens.add(WILDCARD + trailing(message, close + 1, end));
                    i = end;
                    continue;
                }
            }
            int start = i;
            while (i < length && !Character.isWhitespace(message.charAt(i))) {
                i++;
            }
            tokens.add(token(message, start, i));
        }
        maskUnits(tokens);
        maskDateWords(tokens);
        return join(collapse(tokens));
    }

    /** One whitespace-separated token, its variable core masked and its edges kept. */
    static String token(String text, int start, int end) {
        int coreStart = start;
        int coreEnd = end;
        while (coreStart < coreEnd && EDGE.indexOf(text.charAt(coreStart)) >= 0) {
            coreStart++;
        }
        while (coreEnd > coreStart && (EDGE.indexOf(text.charAt(coreEnd - 1)) >= 0 || text.charAt(coreEnd - 1) == '.')) {
            coreEnd--;
        }
        if (coreStart == coreEnd) {
            return text.substring(start, end);
        }
        int equals = text.indexOf('=', coreStart);
        if (equals > coreStart && equals < coreEnd && isKey(text, start, equals)) {
            // key=value: the key is the template's, the value (even an empty one) the line's
            return text.substring(start, equals + 1) + WILDCARD;
        }
        // A variable value may carry brackets of its own (LOCAL(0), vs 10.0.0.1,): the whole token goes.
        return variable(text, coreStart, coreEnd) ? WILDCARD : text.substring(start, end);
    }

    /** A key of key=value: a name (letters first; digits, '_', '.', '-' after), not a URL's query. */
    private static boolean isKey(String text, int start, int end) {
        int i = start;
        while (i < end && EDGE.indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        if (i == end || !Character.isLetter(text.charAt(i))) {
            return false;
        }
        for (; i < end; i++) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean variable(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isDigit(c) || INNER.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String trailing(String text, int start, int end) {
        return text.substring(start, end).replaceAll("[^" + java.util.regex.Pattern.quote(EDGE) + "]", "");
    }

    /** A unit right after a masked number joins it. */
    private static void maskUnits(List<String> tokens) {
        for (int i = 1; i < tokens.size(); i++) {
            var previous = tokens.get(i - 1);
            if (previous.equals(WILDCARD) && UNITS.contains(stripEdges(tokens.get(i)).toLowerCase(Locale.ROOT))) {
                var token = tokens.get(i);
                var core = stripEdges(token);
                int at = token.indexOf(core);
                tokens.set(i, token.substring(0, at) + WILDCARD + token.substring(at + core.length()));
            }
        }
    }

    /** Day and month names and time zones beside a masked number are part of a timestamp ({@code Fri Dec 10 19:02:14 EST 2004}). */
    private static void maskDateWords(List<String> tokens) {
        for (int pass = 0; pass < 2; pass++) { // "Fri Dec 10": Dec joins 10 first, then Fri joins Dec
            for (int i = 0; i < tokens.size(); i++) {
                boolean besideWildcard = (i > 0 && tokens.get(i - 1).equals(WILDCARD))
                        || (i + 1 < tokens.size() && tokens.get(i + 1).equals(WILDCARD));
                if (besideWildcard && DATE_WORDS.contains(stripEdges(tokens.get(i)).toLowerCase(Locale.ROOT))) {
                    tokens.set(i, WILDCARD);
                }
            }
        }
    }

    private static String stripEdges(String token) {
        int start = 0;
        int end = token.length();
        while (start < end && EDGE.indexOf(token.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && (EDGE.indexOf(token.charAt(end - 1)) >= 0 || token.charAt(end - 1) == '.')) {
            end--;
        }
        return token.substring(start, end);
    }

    /** Wildcard runs become one; a group of up to four tokens repeated back to back is kept once. */
    private static List<String> collapse(List<String> tokens) {
        var out = new ArrayList<String>(tokens.size());
        for (var token : tokens) {
            if (token.equals(WILDCARD) && !out.isEmpty() && out.get(out.size() - 1).equals(WILDCARD)) {
                continue;
            }
            out.add(token);
            for (int width = 1; width <= 4 && out.size() >= 2 * width; width++) {
                if (repeats(out, width)) {
                    for (int k = 0; k < width; k++) {
                        out.remove(out.size() - 1);
                    }
                    break;
                }
            }
        }
        return out;
    }

    /** Whether the last {@code width} tokens repeat the {@code width} before them. */
    private static boolean repeats(List<String> tokens, int width) {
        int n = tokens.size();
        for (int k = 0; k < width; k++) {
            if (!tokens.get(n - 1 - k).equals(tokens.get(n - 1 - width - k))) {
                return false;
            }
        }
        return true;
    }

    private static String join(List<String> tokens) {
        return String.join(" ", tokens);
    }
}
