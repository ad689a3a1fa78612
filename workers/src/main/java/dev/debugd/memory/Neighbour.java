package dev.debugd.memory;

/** A memory entry the search found, and its cosine distance (0 = alike, 2 = opposite) to what was searched for. */
public record Neighbour(MemoryEntry entry, double distance) {}
