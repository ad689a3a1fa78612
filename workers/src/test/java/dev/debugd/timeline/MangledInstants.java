package dev.debugd.timeline;

import java.time.Instant;
import java.util.Random;

/** Instant texts as Instant.toString writes them, then edited at random: inputs for comparing instant readers. */
final class MangledInstants {

    static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();
    private static final String ALPHABET = "0123456789-:.TZtz+ 6";

    private MangledInstants() {}

    /** The written instant with between {@code minEdits} and 3 characters replaced, inserted or deleted. */
    static String text(long seconds, int nanos, long seed, int minEdits) {
        var random = new Random(seed);
        var text = new StringBuilder(Instant.ofEpochSecond(seconds, nanos).toString());
        for (int edits = minEdits + random.nextInt(4 - minEdits); edits > 0; edits--) {
            int at = random.nextInt(text.length());
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            switch (random.nextInt(3)) {
                case 0 -> text.setCharAt(at, c);
                case 1 -> text.insert(at, c);
                default -> text.deleteCharAt(at);
            }
        }
        return text.toString();
    }
}
