package dev.debugd.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What an API token may do. A log shipper's token sends evidence and nothing else; a person's reads, or reads and acts. */
public enum Scope {
    /** Send evidence: {@code /v1/ingest}, {@code /v1/logs}. */
    INGEST,
    /** Read incidents, their timelines and evidence, tenants' health. */
    READ,
    /** Record a person's facts (open, confirm, suppress, reopen, retry); includes reading what one acts on. */
    ACT;

    /** Its name on the command line, in the database and in messages. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> of(String value) {
        return Arrays.stream(values()).filter(scope -> scope.value().equals(value)).findFirst();
    }

    /** "ingest, read, act". */
    public static String names() {
        return Arrays.stream(values()).map(Scope::value).collect(Collectors.joining(", "));
    }
}
