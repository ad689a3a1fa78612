package dev.debugd.timeline;

import java.util.regex.Pattern;

/**
 * The ids that make up a record key. Every record's ids are checked, and a regex match took about 6 % of decoding a
 * small event, so the check is a loop over the characters; {@link #pattern} states the same syntax (a test holds the
 * two equal).
 */
enum IdSyntax {
    /** DNS-label-like; `_unknown` and `_config` style names are reserved for the platform. */
    TENANT("_?[a-z0-9][a-z0-9-]{0,62}", false, "-", 62),
    /** Printable, no '/', which separates tenant and incident in record keys. */
    INCIDENT("_?[A-Za-z0-9][A-Za-z0-9._:-]{0,127}", true, "._:-", 127);

    final Pattern pattern;
    private final boolean upperCase;
    private final String punctuation;
    private final int maxAfterFirst;

    IdSyntax(String pattern, boolean upperCase, String punctuation, int maxAfterFirst) {
        this.pattern = Pattern.compile(pattern);
        this.upperCase = upperCase;
        this.punctuation = punctuation;
        this.maxAfterFirst = maxAfterFirst;
    }

    boolean matches(String value) {
        int first = value.startsWith("_") ? 1 : 0;
        int afterFirst = value.length() - first - 1;
        if (afterFirst < 0 || afterFirst > maxAfterFirst || !isLetterOrDigit(value.charAt(first))) {
            return false;
        }
        for (int i = first + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isLetterOrDigit(c) && punctuation.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (upperCase && c >= 'A' && c <= 'Z');
    }
}
