package dev.debugd.health;

/** The outcome of checking that one server is usable. */
public record ServerCheck(String server, String endpoint, boolean ok, String detail, long millis) {}
